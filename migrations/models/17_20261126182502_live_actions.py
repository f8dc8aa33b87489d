from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "campaign_trigger" (
    "campaign_id" UUID NOT NULL PRIMARY KEY,
    "definition" JSONB NOT NULL,
    "evaluated" BIGINT NOT NULL,
    "matched" BIGINT NOT NULL,
    "rewarded" BIGINT NOT NULL,
    "capped" BIGINT NOT NULL,
    "version" INT NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "campaign_trigger" IS 'A LIVE_ACTION campaign''s trigger (its JSON form, checked) and its running counters.';
        CREATE TABLE IF NOT EXISTS "trigger_event_name" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "campaign_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    CONSTRAINT "uid_trigger_eve_name_c7d719" UNIQUE ("name", "campaign_id")
);
COMMENT ON TABLE "trigger_event_name" IS 'An event name a trigger listens to: the ingest statement puts such events in the inbox.';
        CREATE TABLE IF NOT EXISTS "trigger_inbox" (
    "event_id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "trigger_inbox" IS 'A stored live event that some trigger may care about, waiting for evaluation.';
        CREATE TABLE IF NOT EXISTS "trigger_reward" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "campaign_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "occurrence" VARCHAR(100) NOT NULL,
    "event_id" BIGINT,
    "status" VARCHAR(24) NOT NULL,
    "code_id" BIGINT,
    "points" BIGINT,
    "wallet_transaction_id" BIGINT,
    "created_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_trigger_rew_campaig_9f244c" UNIQUE ("campaign_id", "occurrence")
);
CREATE INDEX IF NOT EXISTS "idx_trigger_rew_campaig_db04bd" ON "trigger_reward" ("campaign_id", "customer_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_trigger_rew_custome_b2e9ce" ON "trigger_reward" ("customer_id", "created_at");
COMMENT ON COLUMN "trigger_reward"."status" IS 'REWARDED: REWARDED\nCAPPED: CAPPED\nSKIPPED_INVENTORY: SKIPPED_INVENTORY';
COMMENT ON TABLE "trigger_reward" IS 'One occurrence of a trigger for a customer, and what it gave.';
        CREATE TABLE IF NOT EXISTS "trigger_timer" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "campaign_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "start_event_id" BIGINT NOT NULL,
    "started_at" TIMESTAMPTZ NOT NULL,
    "due_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_trigger_tim_campaig_fb9489" UNIQUE ("campaign_id", "start_event_id")
);
CREATE INDEX IF NOT EXISTS "idx_trigger_tim_campaig_94731a" ON "trigger_timer" ("campaign_id", "customer_id", "status");
COMMENT ON COLUMN "trigger_timer"."status" IS 'PENDING: PENDING\nCANCELLED: CANCELLED\nFIRED: FIRED\nMISSED: MISSED';
COMMENT ON TABLE "trigger_timer" IS 'An inaction window: reward the customer at `due_at` unless the awaited event happened before it.';
ALTER TABLE "campaign_trigger" ADD CONSTRAINT "campaign_trigger_campaign" FOREIGN KEY ("campaign_id")
    REFERENCES "campaign" ("id") ON DELETE CASCADE;
ALTER TABLE "trigger_event_name" ADD CONSTRAINT "trigger_event_name_campaign" FOREIGN KEY ("campaign_id")
    REFERENCES "campaign" ("id") ON DELETE CASCADE;
ALTER TABLE "trigger_timer" ADD CONSTRAINT "trigger_timer_campaign" FOREIGN KEY ("campaign_id")
    REFERENCES "campaign" ("id") ON DELETE CASCADE;
ALTER TABLE "trigger_reward" ADD CONSTRAINT "trigger_reward_campaign" FOREIGN KEY ("campaign_id")
    REFERENCES "campaign" ("id") ON DELETE CASCADE;
CREATE INDEX IF NOT EXISTS "trigger_timer_due" ON "trigger_timer" ("due_at") WHERE "status" = 'PENDING';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "campaign_trigger";
        DROP TABLE IF EXISTS "trigger_timer";
        DROP TABLE IF EXISTS "trigger_event_name";
        DROP TABLE IF EXISTS "trigger_inbox";
        DROP TABLE IF EXISTS "trigger_reward";"""


MODELS_STATE = (
    "eJztXetz4kiS/1cq+LI9EWzHtLvdM8dcXATGajc7GHyAu6dv2ZBlVIDGosRKwm5ub//3qy"
    "y9pZKQeLlQ1xckpMoSZD2U+cvXvxpLS8em87a9Mn7Hm0YL/atBtCWmJ6k7TdTQVqvoOlxw"
    "tUeTNdVWhvrkN3p0XFubuvTyTDMdTC/p2Jnaxso1LAKN22hqYx0T19DMFnJci35DmoM0NP"
    "rc/uvF5UekG3PsuE1k46k1J4YDj0GPG2S4DlrZeGZ8fwuP0q0pfZZB5gftdU2Mf66x6lpz"
    "7C6wTfv++z/oZYPo+Dt24OvfG/RRmot1VXOBwtAb/4Amqyd1ZmBTT3CR3qS32HXV3azYtf"
    "v77vUn1hL+xaM6tcz1kkStVxt3YZGw+Xpt6G+BBu7NMcE2PDzGYLI2TX8ogkvev6AXXHuN"
    "w5+vRxd0PNPWJgxT4z9nazKF0UHsSfDx4b/8nxZrpqr9wVgdKWNVbWRGFX5Cakj8S1OLwI"
    "wwiAvM+9e/vX4jhrCrDXhA53N7+Ob9x58YCyzHndvsJmNX49+MUHM1j5QNRMRldszwubPQ"
    "bD6fg/YpTtMfuguPgwsRk6OpH7AvYNARWNpYat9VE5O5u6Bf3/38cwGPv7SHjM20FeOzRd"
    "eqt4b7/q0L7x7wO+Kvtz6qcDiiOAyPt8/jk3H4/UUJBr+/yOUv3Eqy19uaqrA3oqgdez9+"
    "KMHejx9y2Qu3kuy1LTNnd1DIeskY3KU/SCNTnGF0QCvyTtFoX992+y3EDhPypat8VYYt5B"
    "0n5Lbdb9/ABf9kQkbjwVBpIXaYkG7/RhmNW8g7pt+spfacj2W2nI/5O87H9JAl37DJgbum"
    "d1xjifkrI0mZGjbdJ30bnIgziOVXC/2D+oCYG3+VFrB+3L2lI9q+vYPHLR3nnybjX3uswJ"
    "0LdnWTuvomPUxhJ+hrd/wZwVf0P4O+kn5Nh+3G/9OA36StXUsl1ouq6bENJbgacC0x6qbm"
    "uOra2Wnc07QHGHn/J4sy8Gcy0AFPCkfaxs/W007jnKSUoyzyKAd78eNGraYHZQj3UInOZ3"
    "y3KECgY86euPpPxK8slz9RVdiYE6rEZySdFFczGv9Zcja6Gv1EW3sJdfPs5KIsoH8cu4wJ"
    "9Feg/n2v12D8ftSmTy+arasJxsMd68JKXQnbZm8tL5bpKxrR5oxH8Gfgp/vc72jLlUbHq8"
    "HBYsJ7zSI0ZhpvtR2OIcig04G4xjNGAelv6OEZ2w5t8oDmtvXioBfDXSBML27QdKGROUZv"
    "LNrH0nBcY4ooz6dr28ZkuvmJg80c5RFlgBo61d014w49s10H3hq0UfwGJnp0WQI7EtgRUy"
    "u+KAXrXBTAOhdZWCf+yzJMHuPvbg74kCQ7nWrceIXJO1b+GCfkrYCjb27bf/yUkLl6g/5N"
    "0Dw2Ap3e4CrF+Cf6L3dFJAJaoRGJ6+6oM7jvj1soOJuQm+6nsdppD69bKDydkKHySRkO27"
    "0WCs4mpDf41u6Nv7WQfzIhX9u9Hn3U3aDbH49aKPF1Qu7aw3FfGapfBvedz4B0pC7sgmlc"
    "lIGhLvJhqIsMDDWlr2oV3te7jnyiA6GHf9Tt3/QUtTO4Bpgp+jIh9/3uf997X+g4xr9NSH"
    "/gU/gnYkBRVHCgEgb8gh2HLdGB0MM2uFP6LQSfsKZGY/VK+dz+0h2wFRX7Sldo94uitjvj"
    "7oASxL5MSOd+NB7cqr0uQIqxL2IMpo1BQs+O5N9Gg34e3hBQpLEGY+qi/0Om4eHwYgzhId"
    "54wIviN1765ZaS66CD9BsvkN2rCHNxGpHXza52pDJmpHwrUnpqRxpOhsXFiFqCUAJqIgNq"
    "gbJacYRjZHJ8RR5fGAH1fy1SSedNEJ1QGbsfd46ljx3bIrzErgaYQxVBIE5zelEgBuY8rg"
    "2TipPOW3jsa+A5RxEQDPKMiWvZG9U0lgZni+uSHDiCQ5kaH8CCz25foz+XHv568e7DLx9+"
    "ff/xw6+0Cfud4ZVfCsaIKsZpH571I52gC6xT1q1JFQZzKHdi8E4T/+czYa9Jd3rHtaZPqr"
    "ug03xhmRw1I5fFOdRyHmcZ/adlENXyFe0ke68sy8Qa4bM4QZdi7CMlPNYEDjDj0+7RV4NB"
    "L7FHX3XTuOT97ZVC1We2YdNGhmf/yjIc/GqX7Lc56grb6pQLYeVO7TxyObezrH7WTIPKGP"
    "RXqPbaxE4V+YRHK4acAs+rjZzCeKvi7yvaxuEaTgqwJA7tXkMk2HI49Vhoq5VpUI5SjWpl"
    "W/p66lZaMTnkctEcc6CmlHdzyzaqbW65HcjBOvhgOXi+pApVRZetJJX018qAs76/yS4WpI"
    "j6hPDO9bD9aVxxTntELcQOEzLqfFau73vKdQuFpxMClqIvSgt5R7A03Y+giXdk3ul3d4zG"
    "O5kQ5Y+77hCu+Cdi2JI8n7FdfFiTlBKSFRmS9Z3UKig8MYrTwSTvzkTDkYEd+ayub2DHeq"
    "XvOOpJSjnqoow6Z+/0f31srXuSemXn/ySZFCU5bmQOBgWoKmMzlJK3/LeTDFg5NGeDfbwy"
    "ZzOEkrPFoUD+7pnlceVAoE6sq7Pk7PZQoOSrJhEINKSvv2G3M27k7b6H4DA9jMLOasrjzF"
    "unDJtlQNvhA9r4+7Fk8FYGZ95BlSMGI8YvDEhOxOH6lU/46fchNrWc4JpUIODnqLMzU3vy"
    "WJ91WZkyXnB22yoMu4t6qhOzThGIGsyxgnjU2DTcHpaqxlbA9vDUAcFBNKhrIS0MH22hl4"
    "WF3mjoCW+ayLKRu8DImS6wvjaxTW9iwv7QT012Dp+amw1NPXz3pfKHBazwdpPKcaZXxjzf"
    "G66k45C/zxXN+tcNf/SAx/+4uHj//peLn99//PXywy+/XP76c4hAZm8VQZFX3RtAI5txLC"
    "SAJ/PjT2sfqNcZKu0xmFb8kwm5v7v2rvgnYJBpj+9HKtVJ+jeeXSb+fUI6vUGfdcGOE3Kt"
    "9BTWg38CQX4s19A1BPl5Z7uYcI4QkseWfiVLdIxE2p4Pbnue2dZS3c9Ymupip9V3Gjn1h7"
    "KWutae45roQI6qGKPqWGt7itWUQFPaZ4RLLQE+aTKtt/GsjMmUakWWXXE9xWnkKkqtot22"
    "qMPtTaKtnSNZH6LcU3tbH6KuzpO1JcwPicmVQBU77VGnfa00spuCBGy3Mja+EQqW3c03qX"
    "HRtMjcVgSjxVqVSLZPp8L0ifIUBYQtZFov2EYLgw68PV1skO9cjWaG7XAwsh372A6Eydxq"
    "MreaCLnVjpIyP1waWRbnYrcJmtP5jh4fxT2Y+2iwE3ls4U7eUu70yU6ERmj/BknOWogdAA"
    "bo9O5HDDsITyekM7i9hUxM3lEMaECqrfmsr6/aKj196zbqeZ6+GS2wjPdDoPHsac6voBue"
    "iQZzXFP+2nGtJZPBs1pHcK9Y64i3KlPiy2/fRE90yhCos2WtbWToSCM6slhLzTQ3cANM61"
    "OqPBD3Lw6Cxg8+LmzoD9xCX4fse7dyX5ArGi81w5QJol9ZiQmHs4omkyA6iClJIG3mKJmi"
    "xS+wdrTc0CfgrreVVGBvSCCwHXRHBr+/KMNg2qqgvlq2ft2iYk69kKB+DP5Qhr8f8tn7Ic"
    "NdmU1POD8aEKDdNS9P0yfT0vKSkMWIUmMyA6rzm/kFbL8e3F/1FHQ3VDrdUdcfglCnYjfh"
    "UpQYa6i0e5mcb2S+A5vjVJLPJfgsoaT8vf08QQUJJf2Io35QKEkGhwiAKCmQerdRACt5DZ"
    "plsCUVh223IkwjSuAuwCSthXgQ0g296VUR82q6Wytsu2CUfqMhEJKQ9fgnprKlNUOai5Z0"
    "3qJ3H9HvV5ySZUfovxTSFLDCgyYCLdqaslIIelinjHejiRLkMqJEzIgS8ZGU87a7p5ZEFb"
    "EhRVpDueF85YSseGjjKTaed6whnCCt4UCfqYBYRi2I3rtV8KYklUScDo44GZDl23KhXpP6"
    "hCvVeeKQSqNMCbOBZ8bic7qEF1RILbJo0WjfdVuIfkxI9/ZuMBy3kHdMi+yv5OSUFNhLRx"
    "UkyWRUwZaogpj3wb5RBbGuzpO126MKkpOLH1XwOu7vDA3oe6OagQyim80iuIChBGqgFpUq"
    "cM5IEJAgaPyEdVDQTaxRDR0qgrTQwnpB9FdvQHcH5Z5ROEizMYJkFZgq/uBcQhV3w0YgEy"
    "JnpRFuqfOjPmwPp3rp7n14tTNfzc+psVSEs9SvuNJJoJZY8gCIPVEdjMkOOmGGuIZa4Zlo"
    "gaXUf1PbfazTtHKohRvqCiahowssdx52wA3aSzYoIbis4m1LeNK61uqvJiU1A4PDBnJSIZ"
    "i9VJyggkJM4GgyAQPRVp49AsadShjoRXM8AjBe8Fxqj/MQjrASmS58Rf9PJ1h4/9gnOlDa"
    "L6T94pwFyVjGsWrY2T54mdjcPQpkFm03FXicIKohpw8Diwnyxh55dah47+rgVuFb2ok1Kh"
    "Nej5m9P8BcnBbSkGk8YzQzTBdiVCybXvHUemZggNZLvHykbbmh9vv2t1tAi4xikaH4ImAz"
    "R9n0478sw+Qx/p4jN6bIahDKUqQUKn+Mi22CoU7YG/RvguZpQ2FKlql79tRP3d5YGbaQd5"
    "yQXnc0biH4hDyqvUH72kuk6p2JYbKif84gBn8x5NvPk1SyaO3uhnJZUK4hC8pJJyAZGyBH"
    "vXJBOVmeS5bnOgPOFrmyyMJGsrCRMAwWrrCRD9HVvK6Rj9cdhFW3rK86ceoE6HBBTaPsDN"
    "yKFe9X0cjvhFUcilcTQm/Yf/LbOgz5DT3H/BmEltYz1jnxa8d6SBl0OeCKLG6UL6MLYcqt"
    "PTxXprjRrXJ7pQxHavuaYXWJr9HdoXI7+BK/71+IWnhe6fEmwZVdYD9Z6qj2pY5yPESP5B"
    "4qmIAqUUCJB8kaKSfZvCqgQEnJrSxHk1QylqkYAIr5l+wJTsTcWc6TsVvhieTMkuVRal8e"
    "JYlp5GvnEeixXTlfRm0rJC5GBqFqM1jyQSUOLPiBHl2UlrgEJdcxOjnZM6lccvPESO1aTO"
    "1ahgYfRUah0uFOcn6cTkr55yTlS6lUSqUiSU9lpNLXEZ869MCTmtj1QmFpGrQoIyLRtm/R"
    "CNuQ+g6+OGihPWOIErNs3SCaid68e/vWtVzN/Ok3MD5Qrpv4r9AUBQVA/uKRUkoHEYtgrk"
    "R1tAflCGDwoGBYvQfIqLTzELYSY1f+FREjkliQYPVy68lVi5csPD/QI2gvsplNpFAP4FfV"
    "9GNxGhlQU4bLwcsxw+Tct12MQpqvsuarhWXqlZGCBJHcaFMVXyCnt7PYCSpI0x4ALjgfHo"
    "uEDnB8wrPwAP6+Mmh3O4xzklKOssij/KyZa47klB8zFbSXr5vs68bGOsZLur9V9UHJEtYm"
    "V9nBmDs3Zq7qrLhoWhEgkKSrDV9PnANOOgLlD0i9TAQV8o3IojFCON8DDD0El9JGDkbt3W"
    "xuA6pVO2y33dveUzwdVpQFeYgferEN18WscrCG/JFjjqaaO10gF/zip9ZyCY10pC3osmHk"
    "BGHNNg1sew05XvdHfNiETMhNRA29Yki49kyvmIhxxAHXg5VGv5vY/A09MF55v8IDyR+QRZ"
    "c/8+env5FS0icT15ivrbUzIb6O7jQRZatlP0L1mzeQiJbZN+i3nyAlrYORbb04b9GQfiIT"
    "z1ykzVwMWWmmtubQf4RNk36hi3tNJYXYP56Ql4VB/7L/WyHdrWbCnrQJeFQSm/dSdUqEXs"
    "AXsaAIvaDb754YR3IdlJfiM3SnEzbPSEk6rX9+HblZQUI7ttjhGZHz5A7/7nbBw4kaljCU"
    "ryzLhHe5N6aeBZu+lg3HWWP9ARkOvE/RdG3Tty2KS6ZI05/BywJprrWkF01zw7OPH7z/Pb"
    "LLyzxxMk/cuZu1zisesnGj9JVhOwgwrBAWGRK2UHg6IXft4bgPycz8k/SGU2ZYDp+tjKoz"
    "LuWdWnXmp+kOUlDqtd/JJ7CfU4Y6mCP2lFsFMfITLoR27+5zu39/qwy7naprIU7bQvFvE8"
    "K+XSnj8A47nxDaAAJ8W8g/gbDiO2XYaY8UCCz2TyekN/gaXA1PJ6RzPxoPblvIO4qxyjyn"
    "c7Vw9Ivc1dV9B17slXZZhuG0Vf5Ku8yw3O+9vH4REZxOwfhVYO0iWRMSz4zvld4PIUUN8r"
    "omp+tlmffCZf5r4TLzVgAptSp/IxLJ4O0M1lwX25ycoEUCTkhSvx33KJUVGAReYcMN29fG"
    "FntABwL6nxz47+XZmaCRLE2z1ENtKvAzIpDMTDPTtF5UKpdOn1R3YWMHPCWrSFp8aulJJN"
    "0tpLtFJXeLIBpkT1+Ljt/N+a23V/Gz6BIo1mbZm7aJbbfBMXqkWjSLDB9G0FbVwsZbjR8j"
    "2D4TbhCsbk0wH9AMnARci5W/DTdZln3Qhui+tftbUOMmLDbH6tNlzSBHfRLfF2FqrcKAkQ"
    "D3ZTT7+SJIc8mhzSWJkSqrWCWIahh39WsZ1erXfM3q1zO3m1RndKM3+KqOxoPO7wzI9U4n"
    "RPnjc/t+xMwo4akYcK63GWVfuQXOTiFJnbwXTux7LIOQZRDyOXBVe9YM7w9W2iISZHKb2H"
    "mbKIAkithfVyxCBogIMyA/LGJxTG08HijCUcVTcST5evgq1bBkph40N6j+7lUBSKYoDN6S"
    "eal3SlJydeRpDLFxrLU9xSxVYRMlbxk6Xq4sF5PphmlcxZkOm4k1mOgs77YsdCuYRi5F5E"
    "OLyAuNEJ62V+CzE5Gc0kvrrnusuZrUpz+WqZ3wMb92wsdM7YQldjWY0lkm5xdPiNOIUT0B"
    "Hlub6gnRS6XCxE8Q1c9r4igeoelXdAV2c0gl00sx/U/LIKrl46UpFdGyTKwRPscTdCleP1"
    "LCY203gaxy2o3lajDoJTaWq266KDlz0H3zjvGeNjJcqRX+4FqhUPCiaGN9IJEUQuWqRlvH"
    "iCS2uDu6JZPOn6KIbwzCSLK4crrsCq4tgrJ2exXf5Ha5vYxLMBsPwd5YV3Vlb3LtlmAvNw"
    "dtddb63dSVrdH7SKQU73+zHhscFBkuN4vQ4z/9BiVQYzpSLjhUwQ+e29aa6OjFsp8QpIIB"
    "L6qVbcFW6fBw40q0pYrJupq7Zn9lgTXbfaTCNkN3JY77qjhuvssPn8/n4OYjDNwYzfldPK"
    "oi6hOCu/99r9xXD0T3qFrIO07I8L7f7/ZvWsg/mZDRfaejKKwyb3g6IZ/a3R5c8o7pbeh1"
    "fK4g79ayUnndiELiwwfHh2Ww1wGDa60pfWVXCk5K0EiWZjwF19MpxnolliZoJEvTLJ1phl"
    "mJnxGBZGaamdi2LbvSyyyiEONlVqtS8ZBL0+RYJvKHI6IQYzhqJVss6ZtNm3MwlDH+nrPZ"
    "xEhqkA6hyASk/DEuZnhoAeoN+jdB8/QopByWXRcvVy5nQ8p3Vo6RyP09z9z5uKlqKEgTSn"
    "csaUiWhmTH1ezdRj1JKWvQiFyDZmaQXUtKpUjlOIs8zglLQ8WBTtPKkRZtpAUJC/lq2U/Y"
    "/hxMlwbHqJdu0iwy8L2wxuoi0Xp7eQyC0cPKtpYW8jp4QD5010SagwwXmZrjIhuvLHhNgQ"
    "0PmzP0BkpAgJ3Pca3VCus+sVfUwbOV6j9x6mMc+2llLIq0gVcZDJ6lOhgTaVA8lZycb1AM"
    "R6WsRTEkENmk2BgvMJ2l/0Ts17J07N7chVwlzzhrQi/lcXx5Wcbj+PKyIB3pZdp8tbCcSn"
    "lfg/Yic39Xj+5j8HfF20byzSf1c4Q8nO1EHF1LNFafu2iWyGESfztXHOg0rRxqoYfaxrrh"
    "gEcewVNuTtHCmBcO9QkjX3aQCT5BJ+hlYZgJieBFAwe5mWWjIfwjiLueWkvMXOlKygnHi5"
    "URRGnqQI0lJtdz6vh4twqVJKhfu2QD4VWw9duXcIo0jSV4Ntroca1T5QL55E1WTE/36uo9"
    "bqCenm4AlWYihw4VHWLwx8JLTIeI5zB5sH73qN0jq8r4kt/7UrF87wti+d4HsXz5ms6a60"
    "lTFBqzrpsfzQmCYgTZsIbhhsPbs2J3S25b5VEd5i7kOLO1ibyq3QjqfLXYG8eyddhi4NRz"
    "FGgyB+0XqEVKdyNv63kDryLbMk3gRA6Yc4yHlMFwsnk9WLaP4lwhLM1nzj2NfufckqDQq4"
    "JCAsaeC/S2Ok4BqNcOIDwfa0cFr4D41lOWpXEayc+UQ1C0XZdlZ4xEcjO95m0bNsoq+2uc"
    "poYY8PsyekC+FpDeVbUlv5hwYbrNZR0LCp84Hl43nJw6zkWsj1NJ5u/MfG8Gq9rMpYJBwF"
    "NeKYitq4DXhxyYnQdmbsxc1VnhqusiSScHYN+VofNM3iVWg861fMsBKD8ADJzI8j4/oCIk"
    "OH08xevIjzKQpU6MB7StUjxXSCBG/FCtwrlkOlHhhuQMUy6E+RAqjkGDn1NhOOj1lGv1qg"
    "1VbmJf0rh/Ge358NkVAhOBamPNsTiJt/JD7zikdchCeuoYvJCNFYH4NJ1E4Uug8MA0iLID"
    "vlV3f8pSyygEkf2fZMxg/lqrV8xgBa+EmCekQXiye5UCqpGjQY92dobz4N/BzE/XUU1qlz"
    "Ns25q5N7O8burEptP4uLDJVejnEky/Ui56ZtC4lMOLQSVz4hrPGNHOTQPCh6BWTdQf34Wl"
    "HFkpp5RYnlPPH8VPIVnNjaQI/ysbFuDvP+K63Z0Q9Mt3L5Hpv+uT/lsw8VRaO3845kuj2i"
    "sPQExyqLahZwjlll6c/z7pj5xkc+U84kkn6PNk79Zs4pkpJlJO8VDh4YrukTJUJLTHWpWI"
    "pgnae3UmrRnSqMytP1tTOvK+JzkVxB839LoF8nZYf5IXQrNfZ3vEzUgn8FM4gUspvT5Sum"
    "isfCXvH39zqurBnCSTMzoj/9H3AK7K1SSVZKrMZ/iD2iakKiVVKQHYe96q1Mil3dB/OcKu"
    "Sw/eDEmpVJk2zSLVyvFbq068+VYdCxJPrWzrTzx1/+KgoBNkr03soDcWoZqR9cKJ6q1Ad2"
    "DN6UcxeuyZCClfUfJUXfjrjsrSSlTgMZf2dCL++3NJnM1shFP4q5VZzCM9HYcvz4/B+PvU"
    "XDvG816s5nRyOqa/OxOmg1Y5t+xNZUZnCWtkvDv0nGYiy5JbfDPffZJHe0In47v2cNxt94"
    "6FGB7bbdixbJCZqjA8RnJCPneo0nczGH5TP3eVIfyfb6dh+UWZ4oUX+cULLzLFC4ml4tmM"
    "io9VmJ4gOqUP/e/du3Od21PNnK49Xzb1UXMq7So82hOy/bo76gzu+2PlWm3fwsm5Tvb1St"
    "8RHUtSSnRMFHSM47AdOlAKkE+sTbna4GAK7HqzCEfQghalzLNzMBlaM5a965HKzwQ7VP3X"
    "vPSE9qaJ6KnhsqNuwEyYuhwwYa+epGFWAOSyWYA3yLSRR03EVVFRmO6jHAgcX/WuFHPfFT"
    "D3XZa5dK+HKvRZ/uaHEcZIZAW/ytGDIGu6a96M/mRaWg7L40Qpns+A6vyQhQK2Xw/ur3oK"
    "uhsqne6o64c4h1IPuwmXosTMQ4Xq5SkuW2S+A5vjVJLPJfgMIrn6vxaptEEniE64hdyPO6"
    "dRrz6WUa8+5qtXHzPqlUyUIFyiBOkPkr8azlPjLeMPInGOuo36AXCOmDjtOMacsFoE2flR"
    "JfS2HXZ0hjOhVIwyy+q7J5dG0EedGHRUxCyaUjzcLDHhCtCzZLsSGFrgf/4XB6p7aAS177"
    "roCW/o95WpTXGLhSnQzaOJNNNE3rwIohfYZSDzrvOQtYP3z8Hb/t5w1o/gCqQ+0SnDxGL/"
    "u4eZmfgZezEfPrjIevPinROh0QXdyOBoMYOj00OWVXNK5MVK9SFyouhGh74r292bfgsFZx"
    "NC15T6u/KthfyT9Dp8Jat2YhGWhbmTVNIvN42dBHvZLhM9JBZ6hreHSptOZfpJZzb9VNu9"
    "njoaD4bKyLscuzAh7NhC7LDLvL8oB4oXYOIZSFzqnjXTQsronq9W60G0MT7MPidLkRw1ni"
    "OQhPeM5Ajs+ec5RbfGcMQWaCJ6g754xsNuZ9zITtkDMLWs3izmPN3K1PgqzeHqawXFAN+5"
    "kTD+gBSFvwRNSujcrPFvUF3uEYNVixVRhZgVmG88JXo7AVcrDhY5+ztpbVd6pfzAXimvLQ"
    "ZKvxTplyL9UqRfilj+EtIvRfqlSL8U6Zci/VIkNij9UuSo7+CXIhHhoyHCc2zNMJlWBYVT"
    "ZBIXlrjwNpYeGBcOZuAB+HoT6+osZ+tW1qaWa2WA+LW9/c6E7Uf1ZQtnKQdLj8/gfDg9vm"
    "TKIOrwEJ2h4YiqDhDDudRWPCQ9v2GZ0hlLg6hxVIXpb8H3f0AtDdYiDgiwJuGFal5kEnWv"
    "F+ouECx8FMx9Hx+88/C96w47PaWFvOOE3A16324G/RbyT9Ibzuv43dHN809u8cl81CdGsh"
    "foI+bb73ToDpURsK3uhNZzaCWYXAJMDvi2E3bPI5ZcL8F1W9ONtaMuK3E7TiS5XILLaXmz"
    "NKfThDtyW1D9/Kjs3mkfyVBKhpdieFx/qsTvFKFkd2l27za/05SS4aVkE2ntq5ndR1r7fs"
    "RRz7P27RSFfsrQajHF5dOi0V8108TcqGr/TrMIiX6J2pQq7xwUbYP4Zgv+N9RpBlftlW3N"
    "bW35G9KQaW00092gKf1vtB2rB2foUN6Z/iUH3Lxdy+KXgT5s91yv8VRFsuCJYRB0sph0+q"
    "4Et2UFOsG2mz39DuJTvApbk2SSrSIU9hPLUf9Vqvo9aqbGdUYo4nuM6HRlKY5cbOXEfF9h"
    "onNz/BfxPUYk+b4b36UOnj8g56mNSR38Rxz1A+jgx9cy7zwtrJGrbAYNmtt1TnUVa1uqkF"
    "5Qeo+lz0K9wbd2b/wN8md9bfd6dNbcDej2OApTciHNoc18NdJ/GL/S3iE6npAJeYBlono3"
    "HoIGmo3Ri2W7C+Td1paQcv8BLQ1Cn0BXjesEifljycSma9vGZLqh/T7QjVo36Pp78LL1Ow"
    "g/Y3vj9c/OUdCiibQ5XQiOix68p6uPa50qvw/7pvIXT/f6MXTe2ITK8j2/jGCS6oSV1n4+"
    "lwqCsaVYTWRNEdaIt6dWGOIbVEW1IU1ao3J3p1cf2JujIk4Ro5KK226cN6no581g1V3QN8"
    "LCMiuOQl4PcjXstxpU/H1l2BtV1zZV3rp84hoNxuEKnTJOOR6r8G7QRbaDA+iygvH9fFXX"
    "LGKBNZtA/XRWwjw73vm+2xlCMcL24Xm1CdunOqRj8Fzqcze7GIUs5Jze3yQ6l89qic4dDZ"
    "0b2xpxtKk/JDkIXbxRswRK56bal/ISWVrPGAJKAdjyYbA3DwEuZjgIAk6x3vJxK/D1cAzX"
    "eKa96fgRLhA81+ACp5rlEfovExvps8MDssAbBMIhHWtte2ZD70xm0n9tWT4fSksMYFkAM0"
    "EkfRx+uIDIoXLdHbeQd5yQa+UKvrLDhCh/3HUhN7t3nJCh8kUZjtq9FgrOJqR9/bf7ESXx"
    "junN7HUCKOmIuGuODF6ymkRIfcIsZXeD0Vi5rihu+1QQvgrHCblT+tfd/g294J1MSKfd7y"
    "i9HjQKT8UYpDzQfzsuelqZvCbvjYwDkarNXGxX43+GtEbgz4lHwcZL+gsqOxQlyCQyvRvv"
    "PVTN2UF9TVJKQE4cbTULyGnPmsHYvMM4p2nlSIs80jbWuPky8vPCRBQ1SGadlNQuS2WGuS"
    "zIDHOZzQwT4QA7SdQhtdDKENWBFDoPu5AQJjqnSlEX0pZd3Xt34t+oivRF6VPthx0m5Lbd"
    "vwf1yDv6CtQ3X4ESpapbCORUWC8JooOk2H9toe/42ZRsiALEeuUYiSSdlLB3lfIMHS9Xlg"
    "tOhuoT3lSZ7hzSutWVOMqU16auVTXOKk4jk7vK2Id629nyYh8EsbNdY9MA3+sGx7wW3msW"
    "WdV0AwbucQ3jCalfI5JShjVKMDdoV2GgtOeybq9JE2lERy8LzQVX8g2aWy7fdla9C24YNW"
    "1fKoI6ahcBx4H5LBVDGluU0ogmphEtGs2y76+IQprP0q8v4YIq6sFWGdB+DLZaYNngKgr5"
    "PI3TSOH1/K2wntm0IlDXyJpdh8rX9vAarK7B2YSMfu/e3SnXars3VNrX31oodSFq0e0DnD"
    "QYxtqElybkU7vL7LnecRdQ6aJMpaqL/EpVF5lKVUIkg3htjeQVo4yqMX5PM7rke4vnPVh5"
    "/ud2IUdl11HxFc6dIJM0rbT5iWzzk9BY/tKT0NgxoLEYsNXgwWPx+82yEFk5ZKwdz5xgY/"
    "gzdAIArgW+3g6eg694E1GuNRGoJJDawSIAemHIswBtnekC62sT84rqHLbzMs7m6RyFMWCM"
    "uZ2Hwj/B310VIJbgVnL1yqyFr57BQYI8Unv22NfujLtflKrKs0fVQt5xQjqD27uewtyaw1"
    "OR/ZiDvU/dJ1gg04nQjjL9wdcWoh8TMqBD0ULwSYdoCO4x8Dkh1+1u71sLscOEfFWU3+Gr"
    "dxRr2LIjlh+pG6cRI0i3VrW1PdlDXVmmMc1x19i+kjKdnHADhHWg3ilDtUOF3Hb3pl91L8"
    "x04K2txCVv0bFLw/t4A/pNDDAwD5LKX1i5gJSsXlZh/cRl5Qzzi3XiFKmEPkSGPqRj28kd"
    "2wKt83FTVc1JE0oroXRx+zFxPJlApM6jznlziZRAJI7ODtdbAVxo0izt5mivK6QOsaZ+6l"
    "vs+SXGe/oNTU3NgArnjxt668WynzCk0NXpp4ZMrDkYyr9QavzioBUkxl2syRPfD/JYD+J6"
    "Syb44btD+toyHWXL5jhORhgVp6UEdF8N0OUMZVmWc0glsCudIk+Clyf2kIpCRYa4hnLF+c"
    "oRWfHxDI0jh3MtvO/32RX/ZEJG952OojBvw/B0Qu7aw3EXglH9k7TjoNA2FaKtnIXlqq72"
    "hDmB3VeWRWUUkrOYM8SpYX6k1Mca5/DKaVfw1WDQSyzeq27KV6p/f3ul0GFgoxAVveUkx/"
    "DDZ7Jcz3Vki5PUJifJ4TLxM4sELwN5QQhwRCIZmmao82SsVpX4GaOQ7Eyzc6YZZiVuRgSS"
    "mZmk96A6q2viGmZVITRFKm0wIkugPnyiPlYyvySpZB6NUrYXbNs8jW6Mv+eJIwFBHRhctG"
    "iUP8aJ9ZIxIodrpjfo3wTN05bljN+ZvRsyn6SU25fI29fMIIaz2GmYU6RynEUeZ2ldzX9z"
    "naedTfAoiY4PU49tYz5nxqGMnS3dpFlkZwthbzfWukS8RK/7RVHBpXjQj4c3+L2gNxDaAD"
    "5UaGbZyyaaLvD0Ces/sQQhcM9eE8iy6hWkxLbDC5s4yjNkDcvzM5hheCcG0TxlfR6TVKd3"
    "J66R4yN+1sy1VrnIX4KsNlDGiSNul5oLxrNqnI8RSb7vmj88D1Uuzi1ZQ2D51DUUNT76XJ"
    "jqQqsd/nxirssKbg1ZwU0qhmfrgOlre8ozJm7fm4QZzTDTplmkGvp6loqhuUqC9tuVQ4IY"
    "CQISpIX6GgjbmFD9zWpBekhE5wh2XATeIl4tttUa4uHX04VH79AWfsNH6ztHQTzec7gumA"
    "EH4vpc2uuykmulzDp52JeZjKE/sU9gsCLKmueC9iIHX+9omXtXyjL3rsAy986zzIn1OunC"
    "lljwKvHul3qNGGHTEvCi41o21hEkjPI3eReyCjsW3emDfX6pbdBUs+nW/2it3SZ60QwX4L"
    "6ZZSMfeqD98YDFA/e+B6TovVurvhziVPIVcaBXhLTk1ExgF9yS4++gQ4YYFWyxfoNSe6wd"
    "td0pVirY/GCT08L87rG07oaL5tozJ8nV3r1xRe6UABY9gBPulE55lZ8aXmaOP8sNWsrwMt"
    "n52bA1tlVVUJCSVFJNyleTmicWosV3q3ods8H5RYpVH4IGL9t8pw154yGyC47lcsunpaZS"
    "Lr8yl3xtFovMJS9zyctRkYiLRFyar4i4jOmc4DrOJu43y+Atbti0jFXUIN7OgV7otLJeWn"
    "4ycGZ7DGvpaS560NdQF/0BrYmJHYfd1wB/xroPVy/A3YVAdhk8s2xIJcM1jx79gWVAGxa2"
    "oobSdlXgxhcRJSojUZmz2LolKiMwW1N7UaV9I0t7Oq+3mmwjQkZBijYgZyLrlQqP8+SKqk"
    "McUcnhFXp4zw/8O1yaKF5ypwn51B2yDFBwmJDb7mgEX73jLujf4VM/Sa07n/X10rqlO3qd"
    "R11wd/Q2to3posFBWfw7zSJ8RYvabANW8sd5D7c8nm7wowAKe4bA5EMFuRFG+fbw/BAjoQ"
    "yEOxrDLy4vy9j2Li/zjXtwL/l+h0VVgcN+8xpy9yiuBvSJLiacl2h+HHqMRAahVwxCf9WX"
    "2b//HySkoTI="
)
