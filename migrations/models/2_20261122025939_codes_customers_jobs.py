from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "customer" (
    "id" UUID NOT NULL PRIMARY KEY,
    "source_id" VARCHAR(200) UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(320),
    "phone" VARCHAR(40),
    "metadata" JSONB NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_customer_created_733561" ON "customer" ("created_at", "id");
CREATE INDEX IF NOT EXISTS "idx_customer_email_0c7dc6" ON "customer" ("email");
COMMENT ON TABLE "customer" IS 'A customer, known by our id and optionally by the client''s own `source_id`.';
        CREATE TABLE IF NOT EXISTS "code_series" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL UNIQUE,
    "kind" VARCHAR(16) NOT NULL,
    "partner_name" VARCHAR(200),
    "charset" VARCHAR(16) NOT NULL,
    "custom_charset" VARCHAR(256),
    "length" INT NOT NULL,
    "prefix" VARCHAR(50) NOT NULL,
    "postfix" VARCHAR(50) NOT NULL,
    "pattern" VARCHAR(100),
    "total" INT NOT NULL,
    "requested" INT NOT NULL,
    "issued" INT NOT NULL,
    "low_stock_threshold" INT,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON COLUMN "code_series"."kind" IS 'GENERATED: GENERATED\nPARTNER: PARTNER';
COMMENT ON COLUMN "code_series"."charset" IS 'ALPHANUMERIC: ALPHANUMERIC\nALPHABETIC: ALPHABETIC\nNUMBERS: NUMBERS\nUPPERCASE: UPPERCASE\nLOWERCASE: LOWERCASE\nCUSTOM: CUSTOM';
COMMENT ON TABLE "code_series" IS 'A pool of unique codes; `issued` is the cursor publications advance atomically.';
        CREATE TABLE IF NOT EXISTS "inventory_alert" (
    "id" UUID NOT NULL PRIMARY KEY,
    "scope_key" VARCHAR(80) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "level" INT NOT NULL,
    "series_id" UUID,
    "campaign_id" UUID,
    "available" INT NOT NULL,
    "threshold" INT,
    "created_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_inventory_a_scope_k_af0b1c" UNIQUE ("scope_key", "kind", "level")
);
COMMENT ON COLUMN "inventory_alert"."kind" IS 'LOW_STOCK: LOW_STOCK\nEXHAUSTED: EXHAUSTED';
COMMENT ON TABLE "inventory_alert" IS 'Stock of a series or a campaign fell to its threshold, or ran out; stored once per level.';
        CREATE TABLE IF NOT EXISTS "job" (
    "id" UUID NOT NULL PRIMARY KEY,
    "kind" VARCHAR(64) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "params" JSONB NOT NULL,
    "total" INT NOT NULL,
    "processed" INT NOT NULL,
    "succeeded" INT NOT NULL,
    "failed" INT NOT NULL,
    "errors" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "message" TEXT NOT NULL,
    "attempts" INT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL,
    "started_at" TIMESTAMPTZ,
    "finished_at" TIMESTAMPTZ,
    "heartbeat_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_job_status_52f640" ON "job" ("status", "heartbeat_at");
COMMENT ON COLUMN "job"."status" IS 'QUEUED: QUEUED\nRUNNING: RUNNING\nSUCCEEDED: SUCCEEDED\nFAILED: FAILED';
COMMENT ON TABLE "job" IS 'A unit of background work and its progress.';
        CREATE TABLE IF NOT EXISTS "code" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "code" VARCHAR(200) NOT NULL,
    "code_key" VARCHAR(200) NOT NULL UNIQUE,
    "ordinal" INT,
    "published_at" TIMESTAMPTZ,
    "expires_at" TIMESTAMPTZ,
    "value" INT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "campaign_id" UUID REFERENCES "campaign" ("id") ON DELETE CASCADE,
    "holder_id" UUID REFERENCES "customer" ("id") ON DELETE SET NULL,
    "series_id" UUID REFERENCES "code_series" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_code_series__d35903" UNIQUE ("series_id", "ordinal")
);
CREATE INDEX IF NOT EXISTS "idx_code_holder__40925b" ON "code" ("holder_id");
COMMENT ON TABLE "code" IS 'A code. Series codes have an ordinal (1..total); a single-code campaign''s code has none.';
        CREATE TABLE IF NOT EXISTS "publication" (
    "id" UUID NOT NULL PRIMARY KEY,
    "series_id" UUID,
    "channel" VARCHAR(64) NOT NULL,
    "metadata" JSONB NOT NULL,
    "source_id" VARCHAR(200),
    "idempotency_key" VARCHAR(200),
    "join_once" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "campaign_id" UUID NOT NULL REFERENCES "campaign" ("id") ON DELETE CASCADE,
    "code_id" BIGINT NOT NULL REFERENCES "code" ("id") ON DELETE CASCADE,
    "customer_id" UUID NOT NULL REFERENCES "customer" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_publication_campaig_dfddd0" UNIQUE ("campaign_id", "source_id"),
    CONSTRAINT "uid_publication_campaig_566ef2" UNIQUE ("campaign_id", "idempotency_key")
);
CREATE INDEX IF NOT EXISTS "idx_publication_custome_c959be" ON "publication" ("customer_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_publication_campaig_9a01c2" ON "publication" ("campaign_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_publication_created_ee208f" ON "publication" ("created_at", "id");
COMMENT ON TABLE "publication" IS 'A code given to a customer in a campaign.';
        ALTER TABLE "campaign" ADD "published_count" INT NOT NULL DEFAULT 0;
        ALTER TABLE "campaign" ADD "code_series_id" UUID;
        ALTER TABLE "campaign" ADD "join_once" BOOL NOT NULL DEFAULT True;
        ALTER TABLE "campaign" ADD "low_stock_threshold" INT;
        ALTER TABLE "campaign" ADD CONSTRAINT "fk_campaign_code_ser_30db0179" FOREIGN KEY ("code_series_id") REFERENCES "code_series" ("id") ON DELETE RESTRICT;
        -- Hand-written: a join-once customer holds at most one publication per campaign.
        CREATE UNIQUE INDEX IF NOT EXISTS "uid_publication_join_once"
            ON "publication" ("campaign_id", "customer_id") WHERE "join_once";"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "campaign" DROP CONSTRAINT IF EXISTS "fk_campaign_code_ser_30db0179";
        ALTER TABLE "campaign" DROP COLUMN "published_count";
        ALTER TABLE "campaign" DROP COLUMN "code_series_id";
        ALTER TABLE "campaign" DROP COLUMN "join_once";
        ALTER TABLE "campaign" DROP COLUMN "low_stock_threshold";
        DROP TABLE IF EXISTS "job";
        DROP TABLE IF EXISTS "code";
        DROP TABLE IF EXISTS "publication";
        DROP TABLE IF EXISTS "inventory_alert";
        DROP TABLE IF EXISTS "customer";
        DROP TABLE IF EXISTS "code_series";"""


MODELS_STATE = (
    "eJztXWtz4kYW/StdfImnynHN4Md4ma2twli2STByQMxMElKattQGxaJFpJZtNpv/vt16P7"
    "GEeQhNfwEh9ZXEuf26596+/XdjZqhIt47ac+1ntGi0wN8NDGeIHiSuHIIGnM/D8+wEgfe6"
    "UxTONfnRK3RvERMqhJ5+gLqF6CkVWYqpzYlmYFa4DRQTqQgTDeotYBGD/gLQAhAMb9o/Nk"
    "/PgKpNkEUOgYkUY4I1iz0G3C+ARiwwN9GD9nLEHqUaCn2WhidrvauNtb9sJBNjgsgUmfTe"
    "v/9BT2tYRS/IYj9/b9BHQYJUGRImoamNP1iR+aP8oCFdjaFIL9JLznmZLObOudGoe3nllG"
    "T/4l5WDN2e4bD0fEGmBg6K27amHjEZdm2CMDLZwyMAY1vXPVX4p9x/QU8Q00bB66vhCRU9"
    "QFtnamr8+8HGCtMOcJ7EPk7+471apJgs90VJHgqSLDdSWmWvkFCJd0oxMKsRGiYMvL//ce"
    "8bAuKcbbAHdG7ag4Pjs3cOBIZFJqZz0YGr8Y8jCAl0RR1FhCg73ymcO1NoZuPsl08gTV90"
    "FYz9EyHIYdX34fMB2gCkjRl8kXWEJ2RKf354/34Jxp/bAwdmWsrB2aBt1W3Dfe9S073G8A"
    "7xddtHGYRDifVg/Ho93hrCx80CAB83c/Fll+Lwul1TGXhDidrBe3ZSAN6zk1x42aU4vKah"
    "5/QOArZnDsBd+kIQKygFtC9b5Z6i0b687fZbwPka489d4YswaAH3OzlSFupDzop0IWf5Pc"
    "hZUgXxETOuiEt6hWgzlF3T45IJNaie6JF/UB2lFK/99A+qItYXXqtbAr3UvRWGUvv2jj1u"
    "Zll/6Q5+bUlgV5rO2UXi7EFSTcFNwJeudAPYT/Cb2BeSw25QTvqtwd4J2sSQsfEsQzXSQf"
    "hnfdRiWtehRWTbWknvSdk1aN575aoofk8U7WOyVNMmejIeV9JzXJJrucpa9vvi+4Vczq5J"
    "Cb7BxNkf/b5i0DCb8eEx054J8UqjfEVNW22CqVGemrkkUE1Z8HuJbHg2fEUTPge2drpyUQ"
    "joH0fEAYG+BeiPer2Gg/c9VB6foanKMeDZFaNpJM4EZdOXZs1Z8gzEcOJgxP4Me3UP/Q6c"
    "zSHVVyODWwmuHS5jV5RoqdfpFQw0Wh0w0Z4Q8EU/gW9PyLRokW9gYhrPFnjWyBQgenIBlC"
    "nEEwQODHqPmWYRTQEUc8U2TYSVxbsMrmUjjyhCvNCqTmwHHXpkEouNGrRQ9ALCaniaEzWc"
    "qKmmldssRNM0l9A0zTRNE32zFMgSeiE5ZEJcbHumbmMHlVcSvkqx+ZaP6MFt++u72JyrJ/"
    "av/eIRDXR64kUC+Ef6L1dlGHzZSjMMl91hRxz1pRbwj8b4unslyZ324LIFgsMxHghXwmDQ"
    "7rWAfzTGPfHXdk/6tQW8gzH+0u716KPuxG5fGrZA7OcY37UHUl8YyJ/FUeeGURmJE6twGs"
    "0itFIzn1ZqpmglhQ7VMhuvV9V87AaVVv+w27/uCXJHvBRaIPJjjEf97i8j9wfVY/TXGPdF"
    "T8I7qAYVRScOdIbB3mBFtcVuUGm1iXdCvwXYJ2tTQ0m+EG7an7ui06IiP2kL7X4W5HZH6o"
    "pUIPJjjDujoSTeyr3ukDb+yI9qKNNEbIae1uRPQ7Gfxzf4EkmuQVMI+B/QNZdXr4YK1zHi"
    "MSyWj3jJwS0xr2M3SI54/ty9zGQuKlPldrOqX6iIWyjfK5Ss2qGFk4J4OaMWE+SEWpUJNd"
    "9YLanhiBjXb5X1yzQg/9fApWzemNAWjbGR1NmUPbZpD+8MEcg4hzITgajM9qcCETLn3tZ0"
    "Op20jthjd8HnbGSCoOEnhIlhLmRdm2kZXVwX59ARGZIJ/TAueO/6Nfq69OvH5oeTjyfnx2"
    "cn57SI857BmY9LdEQN42RMjn1PK+gUqRQ6G5cBOENyJYBXqvjv9wRenfb0FjGUR5lMaTWf"
    "GnqGmZELcY40r8dpoP80NCwbnqEdh/fCMHQEcTbEMbkEsPdUcFMV2OeMt9tHX4hiL9ZHX3"
    "STvOTo9kKg5rPTYdNCmuv/SgMe+kpWYT9C6S1OTS4H7Sup5MjoCrWA8zXGw86NcDnqCZct"
    "EByOMWM5Pgst4H4zlmQ0ZEXcbyoliXd3jox7MMbC17vugJ3xDqrBg7j+zlXiL+KS3Jyosj"
    "nhOVhLjEMRie0N8R/2ZOThQYn5UNc3KNGeqytqPS7JtV4VrWf0nd7bR9o61cKE2ZQlA9fi"
    "YjxsLcMFaiFTQ1ZZYFOSHNvs0YkHW64bWb8fL41sSpAjuzyM1es90xiXDmLtRG61l8i+Hs"
    "YaH2piQawDOvwNuh2pkdf7rgNh+jUMblZTjFOjThGYeTD2+oOxs/tjDvCrAKfGoNLR7iHw"
    "U40tlM9A/cITvPp5gHSYExiaCGK/CW+2Z2ZPHvRx1pTeQUcy60EyettSgHkRf/Won2mflO"
    "L8/zeCdBfeqU41ahsrTfyGuGTBSaStvr7uRI50E6+vPxEx8pd7EAPAYH1ICzxPDXAAwSNa"
    "HALDBGSKgKVMkWrryKQXEXb+0LtD55h9QpJee7L+2xdK+OFD4Xa5pReSXGiTfHd3Qc+g1x"
    "9Ud32Dy87+q9k8Pv7YfH98dn568vHj6fn7gKZNX1rG1150rxllexgljHwON3+BSe0j8TsD"
    "oS0x/5N3MMaju0v3jHfAvFZtaTSUqeHWv3adV9HfY9zpiX3nFs73GF8KPcG5g3fAoviHku"
    "i4ufyjVfxcG4i5d5p+xtiSH+cTEalGmA97Xm3CfB5MYya/zaOcuMVKrW87k6XvyqVMjDfq"
    "NXYDrtVqaNUybFOhZkx8QlOUAM2W5iwo9yvX28NYxK9MrSLDLNmeojK8FSVa0Wpd1Pr6pq"
    "q1nQ25aMLkEm920YS32k9oC/hoYpUrRr122sNO+1JopDsFzmq/Cmy0I6xY+hbP75jJpoU+"
    "yWU0WqRUgey4tCoojxRT4Au2gG48IxNMNap4U5kuAH2YriELPGimlcGRrXiP14kwnjyFJ0"
    "+pQvKUjeS4DZpGGuJc7jYms70A2z1a3eH3RC4smZW30JqD+E0qzdD+xLKYtIDzxWiATm80"
    "dLiD4HCMO+LtLUu14H5XgxrgZms+9PU1W3k4dN20nhcOnbICi4SI+BbPW2MeituGe2LBbN"
    "aVb1vEmDlz8LTV4V9bbnVESxXZk8MrfwgeaZXBbGMMwzaBpgKIVWA4JaGuL9gF5lpXqPGA"
    "yQ8WYIW/ebywpn7L3JljnfdebX8OlgwSzaCm8wyQOzZiAnWWsWRiQmtxJVXImtlIKsjq74"
    "iyseSPW0DX7UpKwBsIVNgPuiLAx80iANNSSzZESW84My2ZNCcQqB/AJ0XwPcmH9ySFLk+X"
    "U7k4GjaBJnZWLtEr3YB5WUYiQgmdPDCp/av5S2C/FEcXPQHcDYROd9j1VBDYVM5FdirMfD"
    "EQ2r1UUhc8WQHmqBTHuQDOnErK79v3k1TgVNL3qPX1Ukl86QxfOlNRvo3VqyyuzatvS3g2"
    "v0QRjo2WPQLuGlvnhwWm8AkBiIFhqhqGOjj4cHREDAL1d58ABO6asx9Z0WChyw+uKJW0AK"
    "Y2TybhtrEHZbBvvzfCJcje3V2SLUbJsQx4yInw4Ctnqrlyxq/JRS1uv3yVfbFV4oyctefe"
    "LtllMPZlahfFsRGU/R4oBXJuLxKR4Ok5l6WZLT+tT8ry7ILVmcenzTf0Mtfo7VbJRx+T5F"
    "quspafoG5njPP5GST98rxz5Bkk6894FOG5dr4ypWKtaj3rfUILsQSmMSGOaCL2dpXEjDwn"
    "Y/HFUzz3WoklPqXTru1kZdqeglt6YZrbca4D20igYT2xjY0xb8i2xhn+HTP8Xg+bw/OH/e"
    "9ytj+ScbMI6T83DB0YD8BF32XjP4FvmmXZSP0GNMsNebVNyzBBtIoAqD6xpgcgbV/0pK4v"
    "srj+td+fLwOswKTjcAlRz5cBbpJA3q8EYo1roS8MWNavknU4FGyB4DDYeTvYcTvZ4RRRy/"
    "pXps2hSSh2ctman5SrX2zoZjxVFFALZVBaBbc1D8W32BDavbubdn90K1BLomxbiMq2QPTX"
    "GDu/LgQpuOIcj7G73dawBbwDlofvThjQybbAMvF5h2PcE7/4Z4NDf1dtf0PtarQyd5mOvF"
    "T7OcxWSrKGLe20COC0VH5LO01B7t09BXX+voKBwPZWm59vCt91eypN9KC9lBofAonaLXs5"
    "LTIunOYPC6fpJRl0lloW31CEA/w6wJAQZGbwXcsmOIFI/XrcjWT5cGLeSnS4QXm+Q26yvz"
    "UR/U8W++/F4YzJcEiTkLqsTQk8QwEOJt/BmUdBVI3rrlkUBE8hsrH1H3x1zDbdQV38hDDb"
    "1KStI5M0MlxCiRKHy9xCml9WhkHhV11DQza4MM8NBK5Hie1aEm5oAh6QrrM9TjTCXDjeEO"
    "RsbWKydRw2+QTYtixIBQbz4syRCXT0hPS0k2ijT8peEaIY8yBw3WfFHZnU0hDuTNptOpao"
    "poqanTGhGq7/OC9ieJ7n253ne+5VKg90oyd+kYeS2PnZobndQ5b88KY9GkruLgjeYTXIbr"
    "czKmEO+OV5ls+sLJ880rBu2e9riSp8gpr7B4u3/JgMb/0ZrX8VeoWTKpxU4aRKWVJlkyZx"
    "NKg0wx5OxJzmG8PzRMGCiRHARKNGtLeppxdTDDQcsVPzMh0UlMw0VKNB5mGSyT9YutDoJU"
    "1Fs7lBEFYWjtmTzm/gP9gbeCNtMHazvMuphKXcLN6tWcwntOue0E4hxlkm15KwolBkm4Fk"
    "d91N1dW4UXtWZHfUs/zdUc9Su6PyvI6Vy+tYkXTHu56xbT5oNTlEl4A7Q5SDXgj0Pw0Ny4"
    "ZHWiYcV4ahI4izEY/JJbC+p4Kb6m78ucp2O5YLUezFOpaLbiI7kxtDfPDBwT7MrMmtwu/X"
    "KqwUGVg1Xa9pSspW85VNOhcRqhMZuJXkc8m1BqXTPSTEeI3mm7vucA19dI+dt8JbfBX93s"
    "Ibb7sF4M1MSLlSbo06wxqOR9mQ7oZN/sm4b2SwyOz04TL2+E+vQAHWmGqKsKgm9sIT07Cx"
    "Cp4N89HZVIqFMs1Ng3WVVhZvXEq2yJZTtBYS2/krUwRNck8n2w67y3ncnfK4+XE32TjvQ6"
    "xNZejGsM6vEtYUSm+R3P1lJIzKr5V3pVrA/R7jwajf7/avW8A7GOPhqNMRhEtWKDgc46t2"
    "t8dOud/Jbmg3gU9zaMJZhtLyGeJQgvPDa+eH+Xq0Na7/NRQ6ZJdaPxWT4ZCm4vpsRUFILQ"
    "VpTIZDmoT0AWp6KTxDAQ5mEkxkmoZZajALJaoxmLHn1WYwo5fY+5dQRyhRDXXUam4xoyMb"
    "tc7T+pDQS05nExGpQcaGZS4g4au0HPDAA9QT+9d+8aQWEuHFhKDZnGR0SPnRxRER3r/nuT"
    "vvF2UdBUlBHo7FHcnckWwRaK6m9bgk3+Kjylt8PGh41R17EqJcz1XWc8zTUFLRSVmu6app"
    "uiLLQtrI1JRpI8OX5105XObOg2GZ1zx6+Ypdc0bq72U/yTfOwvOdak/ItLzVPUX9ahGRGr"
    "rWmqenRWJrT0+X5AY9TTpqWKMqgbBXvIbobiQPIH0iQbgUVxUR2T5ZtZuBcm201E4Hs3/+"
    "D3sRMAU="
)
