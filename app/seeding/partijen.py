"""Load partijen and the membership of group parties."""

from collections import defaultdict

from sqlmodel import select

from app.models import Partij, PartijLid
from app.seeding.sync import SeedSync


def load_partijen(sync: SeedSync) -> None:
    """Bring the parties and their members in line with the seed; fill `sync.partij_ids`."""
    session, seed = sync.session, sync.seed
    existing = {p.code: p for p in session.exec(select(Partij))}
    for spec in seed.file.partijen:
        values = {
            "code": spec.code,
            "name": spec.naam,
            "kind": spec.soort,
            "aliases": list(spec.aliassen),
        }
        row = existing.get(spec.code)
        existing[spec.code] = sync.sync("partij", spec.code, row, Partij, values)
    session.flush()
    wanted_codes = {spec.code for spec in seed.file.partijen}
    sync.mark_removed("partij", ((c, p) for c, p in existing.items() if c not in wanted_codes))
    sync.partij_ids = {code: row.id for code, row in existing.items() if row.id is not None}
    sync.partij_codes = {i: c for c, i in sync.partij_ids.items()}

    links: dict[int, list[PartijLid]] = defaultdict(list)
    for link in session.exec(select(PartijLid)):
        links[link.group_id].append(link)
    for spec in seed.file.partijen:
        group_id = sync.partij_ids[spec.code]
        member_ids = sorted({sync.partij_ids[seed.partij_code(m)] for m in spec.leden})
        sync.sync_link_set(
            "partij",
            spec.code,
            "leden",
            sorted(links[group_id], key=lambda link: link.member_id),
            [PartijLid(group_id=group_id, member_id=m) for m in member_ids],
            lambda rows: sync.partij_list(r.member_id for r in rows),
        )
