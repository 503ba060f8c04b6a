"""The public projection has no field for internal notes or account details."""

from app.public import models

FORBIDDEN = {"internal_note", "recorded_by", "recorded_by_id", "email", "password_hash", "remarks"}


def test_no_public_model_has_a_private_field() -> None:
    public = [
        m
        for m in vars(models).values()
        if isinstance(m, type) and issubclass(m, models.PublicModel) and m is not models.PublicModel
    ]
    assert len(public) >= 11
    for model in public:
        assert not FORBIDDEN & set(model.model_fields), model.__name__
        # extra="forbid": a private value passed by mistake is refused, not silently kept.
        assert model.model_config.get("extra") == "forbid"
