from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "api_key" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "prefix" VARCHAR(32) NOT NULL UNIQUE,
    "digest" VARCHAR(64) NOT NULL UNIQUE,
    "role" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "last_used_at" TIMESTAMPTZ,
    "revoked_at" TIMESTAMPTZ,
    "created_by_id" UUID REFERENCES "api_key" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_api_key_created_739b78" ON "api_key" ("created_at", "id");
COMMENT ON COLUMN "api_key"."role" IS 'ADMIN: ADMIN\nVIEWER: VIEWER';
COMMENT ON TABLE "api_key" IS 'A credential: stored as a SHA-256 digest, recognisable by its prefix.';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztmG1P2zoUx7+KlVdciaEtlG5CV1fKoBO9F9oJypjYJstN3NRqYmexA1SM7359nKQhTh"
    "+5bCrTfUPJeYhPfn/H8fG9E4uARnLPS9g/dOoconuHk5jqfyzPLnJIklR2MCgyjEwoSRie"
    "FEFDqVLiK20ekUhSbQqo9FOWKCY4BHvIT2lAuWIkOkRSCX2FiEQEXZx4r9yDNgpYSKXaRS"
    "n1RciZhGHQcIqYkihJ6Yjd7cFQgfD1WIyHz3rXjLPvGcVKhFSNaarv/eWbNjMe0Dsq4fKL"
    "o4ciigaYKMhggfMNQpIJHjEaBTWK2qldxo7VNDG2y8vu8QcTCU8xxL6IsphX0clUjQWfhW"
    "cZC/YgB3wh5TSFwR8B5lkUFVKUpvwptEGlGZ2VH1SGgI5IFoFMzp+jjPugDjIjwZ/WX0Vp"
    "j8Iw7vUH+KIzwNhpqAolWJIUJl9wmBGMK4B3/5DftwJirA4McHTine/st/8wCIRUYWqcBp"
    "fzYBKJInmqEaKibH4bnI/GJJ3PuYy3SOtCn8K4NFSQq6lf4isB/QSkTkzucER5qMb68s3r"
    "10sYf/LODWYdZTgL/a7m73CvcLm5D3hXfPP3YxPCVcbzMF49j38Z4X13DcD77kK+4KrjzZ"
    "emTfBWGb8d3nZrDbzt1kK84KrjTUW0YHXo8Cw2gLu6IMJ92gBd5m7zSuF4x2fd3iEyP1/5"
    "p27nqnN+iPJf+0u51hrSXmcJaS9eQdq2BPUvZl2IY+1RLKbzZ3o905IhKFL3yn+2R5T1Z7"
    "9+wKDPo2nx1i1BP+iedS4G3tlHGC6W8ntk+HmDDnhcY51a1h1bptlN0FV3cILgEl33ex37"
    "szuLG1w7UBPJlMBc3GISPFogSmtJraZ6RKTCmXyS7nbuMyhflLwtwr8QoUsmS5VO6Y2YPE"
    "nneub/Km+zyuVaPJzizfqaRuJ/aHFejr4rGhroGUeTuf1MxatJ+YNubVnIdVPe2LlYVBsd"
    "/IskW1mrElNyO+u1m5NLI9APTpWBoKtAvcvTU8fwHhJ/ckvSANfAg0e4wrLMYpuu2I1tC+"
    "EkNIzgYaD0kj5NmT925p2s5J7dpScrVcyqg5XFXFcfaWx0fNHlaoPTC9DNmnqFiNvbj4RQ"
    "wiv3Tett691+u/VOh5gyZ5a3S976bm+w4rTihqYSSmqQXdzvPUrZ5k7kiS2fe3CwRsOhox"
    "Z2HMZXbzngpdqAcBH+G9L9KSdCekRF+Zzd3t8X/d6CTUCVYm/zmK/QDxQx2VgrXgDtJXAB"
    "Rm1zVzLdOfM+27iPTvvv7a0C3OD9vL3Cr/yYPfwL6+G3xg=="
)
