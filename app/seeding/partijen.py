"""Load partijen and the membership of group parties."""

from collections import defaultdict

from sqlmodel import col, select

from app.models import Partij, PartijLid
from app.seeding.sync import SeedSync


def load_partijen(sync: SeedSync) -> None:
    """Bring the parties and their members in line with the seed; fill `sync.partij_ids`."""
    session, seed = sync.session, sync.seed
    existing = {p.code: p for p in session.exec(select(Partij))}
    new = []
    for spec in seed.file.partijen:
        values = {
            "code": spec.code,
            "name": spec.naam,
            "kind": spec.soort,
            "aliases": list(spec.aliassen),
        }
        if sync.sync("partij", spec.code, existing.get(spec.code), Partij, values) is None:
            new.append(values)
    sync.insert(Partij, new)
    wanted_codes = {spec.code for spec in seed.file.partijen}
    sync.mark_removed("partij", ((c, p) for c, p in existing.items() if c not in wanted_codes))
    stored = session.exec(select(col(Partij.code), col(Partij.id)))
    sync.partij_ids = {code: i for code, i in stored if i is not None}
    sync.partij_codes = {i: c for c, i in sync.partij_ids.items()}

    links: dict[int, list[PartijLid]] = defaultdict(list)
    for link in session.exec(select(PartijLid)):
        links[link.group_id].append(link)
    new_links: list[dict[str, int]] = []
    for spec in seed.file.partijen:
        group_id = sync.partij_ids[spec.code]
        member_ids = sorted({sync.partij_ids[seed.partij_code(m)] for m in spec.leden})
        sync.sync_link_set(
            "partij",
            spec.code,
            "leden",
            sorted(links[group_id], key=lambda link: link.member_id),
            [{"group_id": group_id, "member_id": m} for m in member_ids],
            lambda rows: sync.partij_list(r.member_id for r in rows),
            new_links,
        )
    sync.insert(PartijLid, new_links)
