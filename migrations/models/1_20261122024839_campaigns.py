from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "category" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL UNIQUE,
    "hierarchy" INT NOT NULL,
    "stacking_type" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON COLUMN "category"."stacking_type" IS 'JOINT: JOINT\nEXCLUSIVE: EXCLUSIVE\nCOMMON: COMMON';
COMMENT ON TABLE "category" IS 'A stacking category: lower hierarchy applies first.';
        CREATE TABLE IF NOT EXISTS "campaign" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL UNIQUE,
    "description" TEXT NOT NULL,
    "kind" VARCHAR(24) NOT NULL,
    "code_mode" VARCHAR(16) NOT NULL,
    "targeting" VARCHAR(16) NOT NULL,
    "reward" JSONB NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "starts_at" TIMESTAMPTZ,
    "ends_at" TIMESTAMPTZ,
    "time_zone" VARCHAR(64) NOT NULL,
    "metadata" JSONB NOT NULL,
    "inventory_limit" INT,
    "status" VARCHAR(16) NOT NULL,
    "deleted_at" TIMESTAMPTZ,
    "version" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "category_id" UUID REFERENCES "category" ("id") ON DELETE RESTRICT,
    "created_by_id" UUID REFERENCES "api_key" ("id") ON DELETE SET NULL,
    "updated_by_id" UUID REFERENCES "api_key" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_campaign_status_d555fe" ON "campaign" ("status", "starts_at");
CREATE INDEX IF NOT EXISTS "idx_campaign_status_90de9c" ON "campaign" ("status", "ends_at");
CREATE INDEX IF NOT EXISTS "idx_campaign_created_cd37d5" ON "campaign" ("created_at", "id");
COMMENT ON COLUMN "campaign"."kind" IS 'DISCOUNT: DISCOUNT\nGIFT_CARD: GIFT_CARD\nREFERRAL: REFERRAL\nLOYALTY: LOYALTY\nWALLET_POINTS: WALLET_POINTS\nPARTNER_VOUCHER: PARTNER_VOUCHER';
COMMENT ON COLUMN "campaign"."code_mode" IS 'SINGLE_CODE: SINGLE_CODE\nUNIQUE_CODES: UNIQUE_CODES\nNO_CODE: NO_CODE';
COMMENT ON COLUMN "campaign"."targeting" IS 'OPEN: OPEN\nPAST_BEHAVIOR: PAST_BEHAVIOR\nLIVE_ACTION: LIVE_ACTION\nCUSTOM_LIST: CUSTOM_LIST';
COMMENT ON COLUMN "campaign"."status" IS 'DRAFT: DRAFT\nSCHEDULED: SCHEDULED\nACTIVE: ACTIVE\nPAUSED: PAUSED\nSTOPPED: STOPPED\nEXPIRED: EXPIRED';
COMMENT ON TABLE "campaign" IS 'An incentive campaign; `version` grows with every change (optimistic concurrency).';
        CREATE TABLE IF NOT EXISTS "campaign_history" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(24) NOT NULL,
    "changes" JSONB NOT NULL,
    "from_status" VARCHAR(16),
    "to_status" VARCHAR(16),
    "source_campaign_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL,
    "actor_id" UUID REFERENCES "api_key" ("id") ON DELETE SET NULL,
    "campaign_id" UUID NOT NULL REFERENCES "campaign" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_campaign_hi_campaig_e5840a" ON "campaign_history" ("campaign_id", "id");
COMMENT ON COLUMN "campaign_history"."kind" IS 'CREATED: CREATED\nUPDATED: UPDATED\nSTATUS_CHANGED: STATUS_CHANGED\nCLONED: CLONED\nDELETED: DELETED\nRESTORED: RESTORED';
COMMENT ON COLUMN "campaign_history"."from_status" IS 'DRAFT: DRAFT\nSCHEDULED: SCHEDULED\nACTIVE: ACTIVE\nPAUSED: PAUSED\nSTOPPED: STOPPED\nEXPIRED: EXPIRED';
COMMENT ON COLUMN "campaign_history"."to_status" IS 'DRAFT: DRAFT\nSCHEDULED: SCHEDULED\nACTIVE: ACTIVE\nPAUSED: PAUSED\nSTOPPED: STOPPED\nEXPIRED: EXPIRED';
COMMENT ON TABLE "campaign_history" IS 'One change to a campaign: who (a key, or the scheduler when null), when, what.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "campaign_history";
        DROP TABLE IF EXISTS "category";
        DROP TABLE IF EXISTS "campaign";"""


MODELS_STATE = (
    "eJztXG1zo7YW/isaPmVn0swuedvre+fOEEwSWsekNs5uW3coAcXWBAsXxGZ9t/vfr8SLeb"
    "cNsVPs8sUISUcSz5HEOY8O/sbNbBNa7okwRz/BBdcB3ziszyBNZEqOAafP53E+yyD6o+VX"
    "1edIew4rPbrE0Q1Cs590y4U0y4Su4aA5QTZmlQVgONCEmCDd6gCX2PQO6C7QwfBW+IE/vw"
    "AmmkCXHAMHGvYEI5d1Ax4XABEXzB34hL6esK5M26B9ITzZaqseRn96UCP2BJIpdGjbv/1O"
    "sxE24VfostvfONqVTqCp6YRJIJP7nVWZP2tPCFpmCkVaSIv8fI0s5n7eaCR3r/2a7CkeNc"
    "O2vBmOa88XZGrjZXXPQ+YJk2FlE4ihwzpPAIw9ywpVEWUFT0EziOPB5fDNOMOET7pnMTVx"
    "/3nysMG0A/ye2M/Zf8OhJappWl9RtaGkahqX0yobQkYlYZZhYzYjECYMvG/fg3ZjQPxcjn"
    "Ug3gqDo9OLdz4Etksmjl/ow8V99wV1ogeiviJilP1rDmdxqjvFOEf1M0jTgdbBOMqIQY6n"
    "fgRfBNAOIOVm+lfNgnhCpvT2w/v3KzB+EAY+zLSWj7NN12qwhvthER+UMbxjfIP1UQXhWG"
    "I7GK+fx2+G8Cm/AcCnfCm+rCgNb7A1VYE3ljg4eC/ONoD34qwUXlaUhtexrZLdQcLezAdY"
    "pgPSsQFzQEeyTd4pOKF7J/c7wL+M8YMsfZIGHRBcs2/KjfaQi022kIvyHeQiq4L0GzOtiC"
    "4tIWgGi2d6WjKjBjMUPYkSzVHK5rOfPqCpYGsRrroV0KvynTRUhbt71t3Mdf+0fPwEVWIl"
    "vJ+7yOQeZdW0bAR8ktVbwG7Br0pfyr52l/XUXzk2Jt0jtobtF003ExtElBuhltK6pbtE89"
    "xaes/KbkHz4ZCbovg9UXSEyUpNO/CL/VxLz2nJVstN1nK0Fz8utGp+TU7wFS7O/uh3jUPD"
    "fMan50J/JsYrj/I1dW3RBFOnPGe5ZFDNefB7iWycGw/R0V+WvnZ+clEI6IND4oNARwH6o1"
    "6P8/F+1I3nF90xtRTwrMTm7UzOsm6+aMbPsjk61ic+Ruxh2NBD9EV9NtepvrgCbmVZdryK"
    "XTGStdbTKxggOh0wQV8giET/Df74Ah2XVvkDTBz7xQUviEwBpJkLYEx1PIHgyKZtzJBLkA"
    "Eo5obnOBAbi3cFXMtOutiEeKFTnXg+OjTlEJe9NWilZAHEZpzdEjUtUdNML5ffiKbhV9A0"
    "fJ6mSY4sB7IKv5ISMiEt9nauLvc3TF5V+qym7K0I0aM74fO7lM3VU/o3UfWEBsSecpUB/p"
    "k+ZV2GIZJtNMPQlYeiMuqrHRClxvhGvlY1URh0O2CZHOOBdC0NBkKvA6LUGPeUX4Se+ksH"
    "hIkx/iT0erSre0Xuq8MOSN2O8b0wUPvSQHtQRuItozIyGXU4DX4TWokvp5X4HK1k0Fe1xt"
    "7XdTWfaqDR6h/K/ZuepIlKV+qAxM0Yj/ryz6PghuoxeTfGfSWUCBPNoKKo4UAtDDaCmmpL"
    "NdBotSn3Ur8D2C9bU0NVu5JuhQdZ8VdU4pauUPlB0gRRlRUqkLgZY3E0VJU7rScP6eJP3D"
    "RDmQ5kFnpekz8OlX4Z3xBJZLkGZBDwF7BQwKs3Q4XbeOMxLFa/8bIvt4xdxxrIvvEi272K"
    "MZeUafK6qXsutMmxUPmpUHZqxx5ODuLVjFpKsCXUmkyoRc5qRQ0nxFr9Nlm/TAPa/2xcye"
    "dNCb2hMzZSxV35Y7s+4Z1BojPOoYohkJR5e1MgQeY8esii5qR7wrr9O/icnRgICH+BmNjO"
    "QrPQDBVscTIuoSMKJDP6YVzw3u1rdLj08gP/4ezy7OPpxdlHWsUf5zLncoWOqGOctw9Cyr"
    "OOExNLv+EO0x0I12rFCR4IdYB/GeMh9f+7o57UpX5olBxj5qw8UEczuDJnZzRkVYIrlVKV"
    "+3tfJkiMsfT5Xh6wnDDRDHcmOLaoc4yalmytgiZbBeE5SYUtMSFRayustVw/7MlG2MYWlU"
    "N9uLFF3tysqfW0ZKv1pmi9YO8MR59Y61QLE2YaVow/SYu10SfFO2gb17NtZKO9pjKyOcEW"
    "2dURU+EKz2NcOV5KTDS1l8iuj5hKb4epeKkB3aIHsqhyJTvEFgBuA9KCgLTijaIFeC3Auc"
    "2xcsRfDPwUsY8FC1C/CgWvfxpASy8JjskE8t3Gje2ZzVgG/fe3iI2MYFsRIplAdn2kpJZQ"
    "6vqISQXDKECR2EBfRjR2wMvUBkc6eIaLY2A7gEwhcI0pND0LOrQQYv+B3h37afark3y05P"
    "ab3+gT1QiKYIFUDn28QpNygrbIICkgIsKl29yIvICI+BfPn55e8u9PLz6en11enn98v2Qk"
    "8kWrqIkr+YaxE8dJ3yiiK8pDIg8+dkwcSNRz7HZAmBjj0X03yAkTjKAV1NFQo/Zf/ybgaZ"
    "P3Yyz2qD/JmvCvY9yVepLfQphgcWdDVfEZ3ShVh9LdQZSYv/QLePryk6mESDMOplh/B3Mw"
    "9eTYM+11hyeZJmqtvrcxvf5RpyfEfqVeUw20Wm2GVl3bcwyoZQyaTXmUYumWTGmPUA6bTN"
    "/kCIV6RbZTcT0lZdpVlFlF9bao7e1NTVs7O2J6488hX830xk3tJ7QbUL2pyZUiykRhKApd"
    "ictvCi0HuRbY5EbYsA+Ow+OLQjYtPtpYRaMlam3wf250KhjPFFMQCXaAZb9AB0wRVbxjTB"
    "eAdmYh6IIn5LgFHFnNNtYTYe3nvu3nvk343Hcn/8q2XBp5iEu525TM28WS7Vdcrb8TBbAU"
    "Tt6NwmvTjTSaof2RfXfbAf6F0QBibzT0uYNlcoxF5e6OfRwYXJtBDbRuazn0h+u2tpF/h6"
    "b1ssi/nBe4yYF+5PEUsMB1jvQPx4PZ6VG+AB1kTLmiP5AOSlZ6HHpcZ52/UQ7Dlr2Bf8rx"
    "9ysNp3Ljv/Qzh3L7v/w7h0YZTDWdAP78fJPT5fPz8uNlVpa2gdiiqoBwWP0A0d2Ji0V7JB"
    "AXGBorTu9jkfYfJiqe01d44W//Zfb9/6mNF2M="
)
