from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "wallet" (
    "id" UUID NOT NULL PRIMARY KEY,
    "campaign_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "code_id" BIGINT UNIQUE,
    "balance" BIGINT NOT NULL,
    "pending" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_wallet_campaig_87bff7" UNIQUE ("campaign_id", "customer_id")
);
CREATE INDEX IF NOT EXISTS "idx_wallet_custome_c7b979" ON "wallet" ("customer_id");
COMMENT ON TABLE "wallet" IS 'One customer''s points in one program; a loyalty card''s code identifies it too.';
        CREATE TABLE IF NOT EXISTS "wallet_program" (
    "campaign_id" UUID NOT NULL PRIMARY KEY,
    "rate_points" INT NOT NULL,
    "rate_amount" BIGINT NOT NULL,
    "points_budget" BIGINT,
    "credited" BIGINT NOT NULL,
    "low_budget_threshold" BIGINT,
    "credit_expiry_days" INT,
    "credits_expire_at" TIMESTAMPTZ,
    "earning_rules" JSONB NOT NULL,
    "version" INT NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "wallet_program" IS 'The settings of a LOYALTY or WALLET_POINTS campaign as a points program.';
        CREATE TABLE IF NOT EXISTS "wallet_transaction" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "wallet_id" UUID NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "points" BIGINT NOT NULL,
    "balance_after" BIGINT,
    "remaining" BIGINT NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "available_at" TIMESTAMPTZ,
    "reason" VARCHAR(500) NOT NULL,
    "source" VARCHAR(16) NOT NULL,
    "source_id" VARCHAR(200),
    "related_id" BIGINT,
    "idempotency_key" VARCHAR(200) UNIQUE,
    "actor_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_wallet_tran_wallet__c447a7" ON "wallet_transaction" ("wallet_id", "id");
CREATE INDEX IF NOT EXISTS "idx_wallet_tran_source_7bde63" ON "wallet_transaction" ("source", "source_id");
COMMENT ON COLUMN "wallet_transaction"."kind" IS 'CREDIT: CREDIT\nDEBIT: DEBIT\nEXPIRE: EXPIRE\nREVERSAL: REVERSAL\nADJUST: ADJUST';
COMMENT ON COLUMN "wallet_transaction"."status" IS 'POSTED: POSTED\nPENDING: PENDING\nCANCELLED: CANCELLED';
COMMENT ON COLUMN "wallet_transaction"."source" IS 'REDEMPTION: REDEMPTION\nDISTRIBUTION: DISTRIBUTION\nEVENT: EVENT\nMANUAL: MANUAL\nEXPIRY: EXPIRY';
COMMENT ON TABLE "wallet_transaction" IS 'One movement of points (`points` is signed: credits positive, debits negative).';
        ALTER TABLE "inventory_alert" ALTER COLUMN "available" TYPE BIGINT USING "available"::BIGINT;
        ALTER TABLE "inventory_alert" ALTER COLUMN "level" TYPE BIGINT USING "level"::BIGINT;
        ALTER TABLE "inventory_alert" ALTER COLUMN "threshold" TYPE BIGINT USING "threshold"::BIGINT;
ALTER TABLE "wallet_program" ADD CONSTRAINT "wallet_program_campaign" FOREIGN KEY ("campaign_id")
    REFERENCES "campaign" ("id") ON DELETE CASCADE;
ALTER TABLE "wallet_program" ADD CONSTRAINT "wallet_program_within_budget"
    CHECK ("points_budget" IS NULL OR "credited" <= "points_budget");
ALTER TABLE "wallet" ADD CONSTRAINT "wallet_campaign" FOREIGN KEY ("campaign_id")
    REFERENCES "campaign" ("id") ON DELETE CASCADE;
ALTER TABLE "wallet" ADD CONSTRAINT "wallet_customer" FOREIGN KEY ("customer_id")
    REFERENCES "customer" ("id") ON DELETE CASCADE;
ALTER TABLE "wallet" ADD CONSTRAINT "wallet_balance_not_negative" CHECK ("balance" >= 0);
ALTER TABLE "wallet" ADD CONSTRAINT "wallet_pending_not_negative" CHECK ("pending" >= 0);
ALTER TABLE "wallet_transaction" ADD CONSTRAINT "wallet_transaction_wallet" FOREIGN KEY ("wallet_id")
    REFERENCES "wallet" ("id") ON DELETE CASCADE;
ALTER TABLE "wallet_transaction" ADD CONSTRAINT "wallet_transaction_remaining_within_points"
    CHECK ("remaining" >= 0 AND "remaining" <= GREATEST("points", 0));
CREATE INDEX IF NOT EXISTS "wallet_transaction_open" ON "wallet_transaction" ("wallet_id", "id") WHERE "remaining" > 0;
CREATE INDEX IF NOT EXISTS "wallet_transaction_due" ON "wallet_transaction" ("expires_at")
    WHERE "remaining" > 0 AND "expires_at" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "wallet_transaction_pending_due" ON "wallet_transaction" ("available_at")
    WHERE "status" = 'PENDING';
CREATE UNIQUE INDEX IF NOT EXISTS "wallet_transaction_expired_once" ON "wallet_transaction" ("related_id")
    WHERE "kind" = 'EXPIRE';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "inventory_alert" ALTER COLUMN "available" TYPE INT USING "available"::INT;
        ALTER TABLE "inventory_alert" ALTER COLUMN "level" TYPE INT USING "level"::INT;
        ALTER TABLE "inventory_alert" ALTER COLUMN "threshold" TYPE INT USING "threshold"::INT;
        DROP TABLE IF EXISTS "wallet_transaction";
        DROP TABLE IF EXISTS "wallet";
        DROP TABLE IF EXISTS "wallet_program";"""


MODELS_STATE = (
    "eJztXWtzm8ia/itd+jJJlSY1cWJPVrO1VbJMHM3Iko8uuezRFMbQkhijRgeQHZ2z89+3u7"
    "lDgwDdWqS/CAT9NtLTF977+5/G0tSgYb9pr/Q/4KbRAv9pIGUJ8UniThM0lNUqvE4uOMqj"
    "QZsqK11+8ho92o6lqA6+PFMMG+JLGrRVS185uolI4zZQLahB5OiK0QK2Y+JvQLGBAkaf2j"
    "9fXF4BTZ9D22kCC6rmHOk2eQx43ADdscHKgjP9+xvyKM1U8bN0NN9rr2uk/2sNZcecQ2cB"
    "Ldz3P//El3Wkwe/QJl//2cCPUhyoyYpDKHSt8SdpsnqSZzo0tBiK+Ca+Ra/LzmZFr00m3Z"
    "uPtCX5F4+yahrrJQpbrzbOwkRB8/Va194QGnJvDhG0yMMjAKO1YXhD4V9y/wW+4FhrGPx8"
    "LbygwZmyNsgwNf57tkYqGR1An0Q+3v+P99MizWS5PxjLI2ksy43UqJKfkBgS75JqIjIjdO"
    "QQ8P7zt9tvCAi92iAP6HxqD1+9u3pNITBtZ27RmxSuxt+UUHEUl5QORIgyPaZw7iwUi42z"
    "3z6BNP6hVTD2L4Qgh1Pfh88H6ACQNpbKd9mAaO4s8Ne3v/ySg/Hn9pDCjFtRnE28Vt013P"
    "duXbj3CN4hvu76KINwSLEfjLfP46Mh/O6iAMDvLjLxJbfi8LpbUxl4Q4rawXv1vgC8V+8z"
    "4SW34vBappGxO0hovaQAd/EPUpAKU0D7tDzvFI32zV233wL0MEWfu9IXadgC7nGK7tr99i"
    "254J1M0Wg8GEotQA9T1O3fSqNxC7jH5Ju10J5zVWTLucreca6SQxZ/w8YH7gbfcfQlZK+M"
    "OGVi2DSP9I1/ws8gFl8t+A9qA2RsvFWaA/24e4dHtH13Tx63tO1/GRS/9lgidy7o1U3i6q"
    "vkMAWdgC/d8SdAvoL/HfSl5Gs6aDf+3wb5TcraMWVkvsiKFtlQ/Ks+arFRNxTbkdd2pXFP"
    "0u5h5L2fzMvAn8lA+5jkjrQFn82nSuMcpxSjzPMo+3vx40YuJwelCHcQic5nfLcIQETGnD"
    "0x5Z8QrzTKH7EorM8RFuJTnE4C1ZTEf5bIhlfDn2gpL4Fsnp5cGAL8x6FDQcC/AvQnvV6D"
    "4v2oqE8viqXJMeDJHfPCTFwJ2qZvLS+WySsKUuYUI/JnyE/30O8oy5WCx6vB0MUE95p52h"
    "g12mq7OgYBHU8H5OjPEPikv4GHZ2jZuMkDmFvmiw1edGcBIL64AepCQXMIXpm4j6VuO7oK"
    "MObq2rIgUjevGbqZgzyiiKIGT3VnTdHBZ5Zjk7cGbhS9AZEWXhaKHaHY4VMqviik1rnIUe"
    "tcpNU60V+WAnkMvzsZyoc42fFE48YJJu9Y+jqO8Vs+oq/u2l9fx3iu3qB/6zePjECnN7hO"
    "AP+E/2VVjYRPy7VG4qY76gwm/XEL+GdTdNv9OJY77eFNCwSnUzSUPkrDYbvXAv7ZFPUG39"
    "q98bcW8E6m6Eu718OPuh90++NRC8S+TtF9ezjuS0P582DS+UQ0HYkLVXQaF0XUUBfZaqiL"
    "lBpKxa9qmbyvq458rAOuh3/U7d/2JLkzuCFqpvDLFE363X9M3C94HKPfpqg/8Ci8Ez5UUZ"
    "hxwBwG+QUVhy3WAdfDNriX+i1APsmaGo3la+lT+3N3QFdU5Cteod3PktzujLsDTBD5MkWd"
    "yWg8uJN7XaJSjHzhYzAtSDj09Ej+Phr0s/QNPkVS16CrDvg/YOiuHp6PIdzHG49gkf/GS7"
    "7cEnwd6SD5xvN59zLMXJSG53VT1Y5UxIyUbUVKTu1QwklBnK9RixEKhRrPCjVfWC05whEy"
    "Mb48jy8ZAfnfJiol88aIjiiMTcadQ8ljh7YIL6GjEJ1DGUYgSnN8ViCizHlc6wZmJ+035L"
    "Gn0OcchEHQ0TNEjmltZENf6owtrosy1BEMysT4EF3w2e1r+Ofiw88Xb9//+v7Du6v3H3AT"
    "+juDK7/mjBEWjJM+POtHPEEXUMPQrVEZgBmUlQCuNPF/ORN4DbzT246pPsnOAk/zhWkwxI"
    "xMiDOoxTxOA/2XqSPZ9ATtOLzXpmlABbEhjtElgH3EhIeawL7O+Lh79PVg0Ivt0dfdpF5y"
    "cnctYfGZbti4ke7av9KAE7/aJf1ttryClqwyVViZUzuLXMztNNTPiqFjHgP/CtlaG9Auw5"
    "+waPngU8jzasOnUGxl+H2F29hMw0mOLolBu9MQcbYcjj0Wympl6BhRLFGtLFNbq06pFZNB"
    "LhbNIQdKxdjNTUsvt7lldiAGa++DFfpGVLF2hNRHVEXcDNsfxyXxd4lagB6maNT5JN1Met"
    "JNCwSnU0SsGp+lFnCPxCoyGZEm7pF6Ut/fUxr3ZIqkr/fdIbninfBh93D9m6r4W8YphfqQ"
    "Z/Wh51BVgjmPUBxPpH97Jty4CELIhrq+QQjrlVZx1OOUYtR5GXXG3un9+shad7nK0o7qcT"
    "Lhps5webIhYdbLApuiFNiy304iuGLfyPr7eGlkU4QC2fywFW/3TGNcOmilE+nqLJHdHrYS"
    "f9XEglaG+PU37HbGjazddx8I48Mo6KymGKfeOkVgFsFX+w++Yu/HAuCtAKfeQaWj20LgFz"
    "pJpMNA/doj/PjHEBpKRiBIImjtU9jZmYk9WdCn3StUigVjty0D2H3YU53AOkbQpD/HcmIn"
    "I9NwewilHFkB20MpBwj6kYuOCZQg1LEFXhYmeKWAJ7hpAtMCzgICW11AbW1AC9+EiP6h10"
    "16Tj4VJx1Guf/uC+W68qFwd5PSMZHX+jzbc6ugk4u3z+XN+tOG6rmKx/+6uHj37teLX95d"
    "fbh8/+uvlx9+CTSQ6Vt5qsjr7i3RRjajuhBfPZkdK1n7oLLOUGqPiWnFO5miyf2Ne8U7IQ"
    "aZ9ngykrFM0r917TLR71PU6Q36tAt6nKIbqSfRHrwTEpBG8+LckIA096yKCecA4WN06Zey"
    "mkZIhJ1073bSmWUu5d2MpYkuKq2+4/CpP5S11DF3HNdYB2JU+RhV21xbKpQTDE1R3R6bWi"
    "j4hMm03sazIiZTLBWZVsn1FKURqyixiqptUfvbm3hbOweyPoR5kna2PoRdnSe0BcwPsckV"
    "0yp22qNO+0ZqpDcFobDdCmx0I+QsE5lnUmNq00JzW54aLdKqQGJ4PBXUJ4wp8AlbwDBfoA"
    "UWOh54S11sgOcIDGa6ZTN0ZBX72K4IE3nARB4wHvKAHSS9e7A00hBn6m5jNMfzHT2jYC5/"
    "J3JhYU7eQu708U641tD+ThJytQA9EDVApzcZUd1BcDpFncHdHcka5B75UA0IsTUb+vqKrc"
    "LTt26jnuXpm5ICi3g/+BLPjub8ErLhmUgwhzXlr23HXFIePC11+PfypY5oqyLlqLz2TfCE"
    "pwwiNaHMtQV0DShIAyZtqRjGhtwgpnUVCw/I+ckGpPGDpxfWtQdmUap99l2tNBXJawyXim"
    "6IZMYnFmKC4SwjycSI9mJK4kiaOUhWY/6LgR0sj/ER0HW3khLwBgQc20ErAvzuogjAuFVO"
    "LbB0rbVFyfxvAUH9AH5fBN/32fC+T6ErMr9x50dDGGhnzcop9NEwlayEWRGixJjMCNX5zf"
    "wc2G8Gk+ueBO6HUqc76npDEMhU9Ca5FCZxGkrtXio/GZpXgDlKJXAugLNQJWXv7eepVBCq"
    "pB9x1PeqShLBIRxolCSSJraRo1ZyGzSL6JZkGLTdqmEaYQJnQUzSSqAPApquNd2KV279cX"
    "MFLYcYpV8pgDBJwHz8C2Le0pwBxQFLPG/B2yvwxzWjvNYB+i+kafKhcFUTvhRtqjRtvxbU"
    "1GLdaIIYuYgo4TOihH9Nynnb3RNLogzbkCCtId9wvnxCmj20oAr154r1bmOkNRzoM2UQi4"
    "gF4Xu3jL4pTiU0TnvXOOkkI7XpkNpC8hMsVZOIQSqMMgXMBq4Zi410AS+ogJpn1qLRvu+2"
    "AP6You7d/WA4bgH3mGTZT+TkFGfYC0cVxMlEVMGWqIKI98GuUQWRrs4T2u1RBfHJxY4qOI"
    "37O9UG9N1RTakMwpvNPHUB1RLIvlhUqBg3JQGEBJDGT1AjAroBFSyhk+oVLbAwXwD+1Rsi"
    "uxPhnlLYQLEgIMkqIBb8iXMJFtx1CxCeENgrBTHLch/0YTs41Qt37/2LndlifkY9oDw9S/"
    "0KAR1F1RJJHkBiT2QbQlRBJkwR11AqPBMpsJD4byjVxzpJK4aau6EuYRI6OMNy7+oOmEF7"
    "8QYFGJdVtG0BT1rHXP1sYFLDNzhsSE4qQGYvZicwoxBhOJqUwQC4lWuPIOOOOQzwotguAT"
    "FesFxqD/MQBrMSmi48Qf8v2194f+4SHSjsF8J+cc6MZCTjWDnd2S76Mr7RPYjKLNxuSmAc"
    "I6oh0vtRi3Hyxh7B+TLDJ8G/lfuWtiONioTXQ2rv93UudgsowNCfIZjphkNiVEwLX3HFem"
    "pgIK2XcPmI2zJD7Xftr1pAi4hiEaH4POhmDrLpR39ZCuQx/J7BNybIahDKkicUSl/H+TbB"
    "QCbsDfq3fvOkoTDBy9Q9e+rHbm8sDVvAPU5RrzsatwD5JHlUe4P2jZtI1T3jw2SF/5yOdP"
    "ZiyLafx6lEgdXqhnJRUK4hCsoJJyARGyBGvXRBOVGeS5TnOgNk81xZRGEjUdiIG4C5K2zk"
    "qehqXtfI09ftBao72ledkDqCdjinplF6Bm7VFe9W0cjrhFYcilYTAq/of/La2lTzG3iOeT"
    "MILM1nqDHi1w71kCLaZR8VUdwom0fnwpRbe/VckeJGd9LdtTQcye0bqquLfQ3vDqW7wefo"
    "fe9C2ML1So828a9UUfuJUke1L3WU4SF6IPdQzhhUoQUU+iBRI+Uom1cJLVCccyuKaJxKxD"
    "LlK4Ai/iU7Kici7iznCexW9UR8ZonyKLUvjxLXaWRL56HSY7twvgzblkhcDHSExWZiySci"
    "sW/B9+XovLTEBSiZjtHxyZ5K5ZKZJ0ZI13xK1yI0+CA8CuYOK/H5UTrB5Z8Tly+4UsGV8s"
    "Q9FeFKT8M+dfCBxTXR67nMkuq3KMIi4bZvwAhaJPUd+WKDhfIMSZSYaWk6Ugzw6u2bN47p"
    "KMbr34jxAaNuwJ9JU+AXAPnJJcWUNkAmgkyO6mAPymDAyIP8YXUfIKLSzoPZio1d8VdEhE"
    "jogjirl1tPVE1WsvDsQA+/Pc9mNp5CPQheZdOPRWlEQE0RlP2XYwrkzLddhEKYr9Lmq4Vp"
    "aKU1BTEisdEmKr6QnN72opKqIEm7B3XB+WDMk3aA4ROeVg/A7ysdd1dhnOOUYpR5HuVnxV"
    "gzOKfsmCm/vXjdpF83FtQgXOL9rawPSpqwNrnK9gbuXJ85sr1iatPyFAJxutrgeuQccMIR"
    "KHtA6mUiKJFvRBSN4cL5nqihh8SltJGho3ZvNrcpqmUraLfd294VPG1alAW4Gj/wYumOA2"
    "nlYAV4I0cdTRVHXQCH+MWr5nJJGmlAWeBlQ8kRgIpl6NByGzK87g/4sCmaotuQmvQKScK1"
    "Z3zFABQRm7gerBT83YDGb+CBYuX+CldJ/gBMvPypPz/+jZgSPxk5+nxtru0p8mR0uwkwrK"
    "b1SKrfvCKJaKl9A397TVLS2hBY5ov9BgzxJzDgzAHKzIEkK41qKTb+R9Aw8Be8uNeYU4j8"
    "4yl6Wej4L3u/laS7VQyyJ218jArq5t1UnUJDz+GLmFMNPafb7446jvg6KM7Fp+iOx2yekZ"
    "B0XP/8OqJZgkM7NNvhGpGz+A7v7nbGww4bFjCUr0zTIO9yd0xdCzZ+Leu2vYbaA9Bt8j4F"
    "6trCb1sQ5UyBoj0TLwugOOYSXzSMDcs+vvf+d8guL/LEiTxx527WOq94yMat1JeGbT/AsE"
    "RYZEDYAsHpFN23h+M+SWbmnSQ3nCLDsv9sZViccTB2ctmZn6TbS0GpU7+Tj2A/x4DakMH2"
    "FFsFEfIjLoR27/5Tuz+5k4bdTtm1EKVtgei3KaLfrqVxcIeeTxFuQAJ8W8A7IWHF99Kw0x"
    "5JJLDYO52i3uCLfzU4naLOZDQe3LWAe+RjlblO53Lu6Oe5q8u7DjzfK+2yCOC4VfZKu0xB"
    "7vVeXL4ICY4nYHzgWLqI14SEM/17qfdDQFGDvK7x6XpZ5L1wmf1auEy9FQiXWhbfkEQAvB"
    "1gxXGgxcgJmsfgBCT123EPUlmBqsBLbLhB+9rYYvfoQID/k03+e3E4YzQC0iSkrtamBJ4h"
    "gQAzCaZhvsiYL1WfZGdhQZt4SpbhtNjUwpNIuFsId4tS7hZ+NMiOvhYdr5vzW28n8bPoIl"
    "KszbQ2bQNaToNh9Ei0aOYZPnS/rawEjbcaP0Zk+4y5QdC6Nf58ADPiJOCYtPxtsMnS7IMW"
    "ie5bO7/5NW6CYnO0Pl3aDHLQJ7F9EVRzFQSM+HpfSrObL4Iwl+zbXBIbqaKCVYyohnFXH4"
    "qIVh+yJasPZ243KQ90ozf4Io/Gg84fVJHrnk6R9PVTezKiZpTglA91rrsZpV+5Oc5OAUmd"
    "vBeO7HssgpBFEPI5oKo8K7r7B0ttETEysU1U3iZyVBJ58NdVFyECRLgZkB9WY3FIaTwaKM"
    "IQxRNxJNly+CrRsGCmHjDXsfzuVgGIpyj035JZqXcKUjJlZDWisbHNtaVCmqqwCeK3dA0u"
    "V6YDkbqhEld+psNmbA3GOsu6LQrdciaRCxZ53yzyQkGIJe3l+OyEJMf00rrvHmquxuXpqy"
    "K1E66yaydcpWonLKGjkCmdBjm7eEKUho/qCeSxtameEL5USkz8GFH9vCYO4hGafEWXgJtB"
    "KkAvBPpfpo5k09OXJkRE0zSggtiIx+gSWD9iwkNtNz6vctyN5Xow6MU2lutusig5ddB99Z"
    "ZijxvpjpAKf3CpkCv1Im9jvSeWlITKlY22jhAJ3WJ17ZZIOn+MIr4RFUYc4tLpsku4tnAK"
    "7fYqvvHtcnsZF3827gPeSFd1hTe+dgvAy8xBWx5ar5u6whq+j3hK8f67+dhgaJHJ5Wae9v"
    "gvr0EBrTEeKYc4VJEfPLfMNdLAi2k9AZIKhnhRrSyTbJU2S29cirZQMVlHcdb0ryygYjmP"
    "mNmm2l2hxz2pHjfb5YeN8zm4+XCjbgznfBWPqpD6iMrdf0ykSflAdJeqBdzjFA0n/X63f9"
    "sC3skUjSadjiTRyrzB6RR9bHd75JJ7TG5Dp/G5Inm3lqXK64YUQj+8d/2wCPbaY3CtqeJX"
    "dqngpBiNgDTlKbhWVQi1UpDGaASkSUhnim6UwjMkEGAmwYSWZVqlXmYhBR8vs1qViie5NA"
    "2GZSJ7OEIKPoajVrzFEr/ZlDlDhzKG3zM2mwhJDdIh5JmApK/jfMADC1Bv0L/1mydHIeGw"
    "7DhwuXIYG1K2s3KEROzvWebOx01ZQ0GSULhjCUOyMCTbjmJVG/U4pahBw3MNmpmOqpaUSp"
    "CKceZ5nGOWhpIDnaQVI83bSHMSFvLFtJ6g9cmfLg2GUS/ZpJln4HuhjeVFrPX28hgIgoeV"
    "ZS5N4HbwADzVXRMoNtAdYCi2Ayy4MslritjwoDEDr0gJCGLnsx1ztYKaR+wWdXBtpdprRn"
    "2MQz+tiEURN3Arg5FnyTaESBgUj8UnZxsUg1EpalEMCHg2KTbGC4hn6b8A/bU0Hbs7d0mu"
    "kmeYNqEX8ji+vCzicXx5mZOO9DJpvlqYdqm8r357ntGv6tF9CHxXrG0k23xSP0fI/dlO+J"
    "G1eIP63FmzWA6T6Nu55EAnacVQcz3UFtR0m3jkIagyc4rmxrwwqI8Y+VKBJ/hIOgEvC92I"
    "cQQvCnGQm5kWGJJ/ROKuVXMJqStdQT7hcLEynAhNHVJjifL1jDo+7q1cIYnUr13SgXAr2H"
    "rtCzhFGvqSeDZa4HGtYeECeORNWkxPc+vqPW5IPT1NJ1SKAWw8VHiIiT8WXEI8RCyHyb31"
    "u0PtHlFVxuP83hWK5XuXE8v3zo/ly5Z01kxPmrzQmHXd/GiOEBTDyYY1DDYc1p4VuVtw2y"
    "qu1aHuQrY9WxvArdoNSJ2vFn3jmJZGthhy6joKNKmD9gupRYp3I3freUVeRZZpGASJDGXO"
    "IR5SRIeTzutBs33k5wqhaT4z7in4O+OWUAqdVCnEYew5R2+rwxSAOnUA4flYO0p4BUS3nq"
    "KQRmkEngmHoHC7LgpnhESgmVzzlkU2yjL7a5Smhjrgd0XkgGwpILmrKkt2MeHcdJvLOhYU"
    "PnI8vKbbGXWc86CPUgnwK4PvzmBZmTmYMfAxZZWC2LoKWH2Igak8MHN95sj2CpZdF3E6MQ"
    "C7rgyNZfIusBo0puVbDEDxAaDKiTT22QEVAcHx4ylOwz+KQJY6AU+0baXiuQICPuKHahXO"
    "JdKJcjckZ5hyIciHUHIMGuycCsNBryfdyNdtUuUm8iWp9y8iPe8/u4JvIpAtqNgmI/FWdu"
    "gdg7QOWUiPHYMXwFhSEZ+kE1r4Alp4AhqJsiO4lXd/SlOLKASe/Z9EzGD2WqtXzGAJr4SI"
    "J6SOWLx7mQKqoaNBD3d2hvPgb3/mJ+uoxqXLGbQsxdgZLLebOsF0HB8XOrly/Vz86VfIRc"
    "/wGxdyeNExZ44c/RkC3Lmhk/AhUqsm7I/twlKMrJBTSiTPqeuP4qWQLOdGkqf/KxoW4O0/"
    "/LrdHVHpl+1eItJ/1yf9N2fsqbB2/nDgC6PaiQcgwjmU29BThGJLz89/H/dHjsNcOo943A"
    "n6POHdmk08NcV4yikeCDxM1j0UhvKY9kirAtE0fnu3zqQ5AwrmubVnU8Uj73mSY0b8cYOv"
    "m4TfDupPskJodutsh7gZ4QR+DCdwwaXXh0vnDcoTef94m1NZD+Y4mZjRKf4PvwdgWVTjVA"
    "JUkc/wB7VNCFFKiFIcwHveotTIwd3gfzmCjoMP7gxJiFSpNs080cr2Wst2tPlWGYsknlpZ"
    "5l9QdX6ygd8JsNYGtMErE2HJyHxhRPWWoNuz5PSjGD12TISULSi5oi7567ZM00qUwJhJez"
    "wW/925JM6mNkKV/NXSELNIj4fw5fkBDL+rxtrWn3eCmtHJ8UB/eyagE6lyblqb0kCnCWtk"
    "vNv3nKYsy5JZfDPbfZJFe0Qn4/v2cNxt9w6lMTy027BtWoRnKgN4hOSIOHew0Hc7GH6TP3"
    "WlIfk/344D+UWR4oUX2cULL1LFC5Epw9kMs49lQI8RHdOH/o/u/bnObVUx1LXryyY/Knap"
    "XYVFe0TYb7qjzmDSH0s3cvuOnJzrZF+vtIrasTil0I7xoh1jOGwHDpQc5BNrY1QbDJ0Cvd"
    "7M0yMofotC5tk5MRmaM5q96xHzzwjaWPxX3PSE1qYJ8Knu0KOmk5mgOgxlwk49CcMsB5rL"
    "Zo6+QaSNPGgirpKCgrqLcMBxfNXbQuC+zQH3bRpcvNeTKvRpfLPDCCMkooJf6ehBwms6a9"
    "aM/miYSgbkUaIE5jNCdX6ahRzYbwaT654E7odSpzvqeiHOAddDb5JLYWLmoYTl8gTKJppX"
    "gDlKJXAugDNhyeV/m6jUBh0jOuIWMhl3jiNeXRURr66yxaurlHglEiVwlyhB+INkr4bzlH"
    "iL+IMIPUfdRn0Peo4IO23b+hzRWgTp+VEm9LYddHSGM6FQjDLN6rsjSiPSR50AOqjGLJxS"
    "LL1ZbMLlaM/i7Qro0Hz/859sUt1DQaB93wVPcIO/rwxFhS0apoA3jyZQDAO488KPXqCXCZ"
    "l7naVZ23v/DH3bPxv2+pG4AslPeMpQttj77urMDPgM3ZgPT7lIe3PjnWOh0TndiOBoPoOj"
    "k0OWFnMK5MVK9MFzouhGB78r293bfgv4Z1OE15T8h/StBbyT5Do8kVU7tgiLqrnjVMIvN6"
    "k78feyKhM9IOZ6hreHUhtPZfyJZzb+lNu9njwaD4bSyL0cuTBF9NgC9FBl3l8UU4rn6MRT"
    "KnEhe9ZMCikie56s1gNvY7yffU6UIjloPIfPCe8YyeHb889zim6N4Ygs0Fj0Bn7xjIfdzr"
    "iRnrJ7ALWo3MznPN0KanSVZqB6qqAYgjszEsYbkLzwF79JAZmbNv6NVJd7hMSqRYuokpgV"
    "Mt9YQvR2AqZU7C9y+neS0q7wSvmBvVJOzQYKvxThlyL8UoRfCl/+EsIvRfilCL8U4Zci/F"
    "KEblD4pYhRr+CXIjTCB9MIz6E5g0gtqxROkAm9sNALb4N0z3phfwbuAdfbSFdnOVu3QptY"
    "rqUVxKf29jsT2A/qyxbMUoYuPTqDs9Xp0SVTRKNOHqJRbTjAogOJ4VwqK5YmPbthkdIZSx"
    "3JUa0Kld/873+SWhq0RVQhQJsEF8p5kQmte7207hyphQ+ic9/FB+88fO+6w05PagH3OEX3"
    "g96320G/BbyT5IZzGr87vHn+xSw+ma31iZDspPTh8+13PO0O5hGgJVfS1jNohTK5gDLZx6"
    "2S7p5FLFAvgLqlaPralpel0I4SCZQLoJzkNwsjnSSsiDan8vlB4a60j6QoBeCFAI/KT6Xw"
    "ThAKuAvDXW1+JykF4IV4E2Htq5ndR1j7fsRRz7L2VYpCP2ZoNZ/s8nG10V8Uw4DMqGrvTj"
    "NPE/0StilU3tkv2kbim03yv0mdZuKqvbLMuaUsfwMKMMyNYjgboOL/htvRenC6Rso7479k"
    "EzdvxzTZZaD32z3TazxRkcx/YhAEHS8mnbwrlNuiAh1n282OfgfRKV4G1jiZgJWHwn58Oe"
    "qfpKrfo2IoTGeEPNwjRMcrS3HgYitHxn0FkcbM8Z+He4RI4F4NdyGDZw/IeUpjQgb/EUd9"
    "DzL44aXMe1cKa2QKm36D5naZU15F2hYqpOeX3qPps0Bv8K3dG38j+bO+tHs9PGvuB3h7HA"
    "UpuYBi42aeGOk9jF1pbx8dT9EUPZBlIrs3HvwGigXBi2k5C+DeVpYk5f4DWOoIPwGvGsf2"
    "E/NHkompa8uCSN3gfh/wRq3peP09uNn6bQCfobVx+6fnwG/RBMocLwTbAQ/u0+XHtYaF34"
    "ddU/nzJ3v9GDJvZEKlcc8uIxinOmKltV/OpYJgZCmWY1kThDXC9tgCQ3SDKik2JElrVO7u"
    "+OIDfXOU1FNEqITgVg15A7N+7gyWnQV+IyxMo+QoZPUgVsNuq0GG31e6tZE1ZVPmrcsmrt"
    "Fg7K/QKUXKdqGC1VQX6Q72IMtyhvv5iq5pjQVULETqp9MS5unxzvbdThHyEbZPnlebsH0s"
    "Q9o6y6U+c7OLUIhCzsn9TWjnsqEW2rmDaefGloJsRfWGJENDF23ULKClcxLtC3mJLM1nSA"
    "JKiWLLU4O9evD1YroNSMAp1Fqe3or4eti6oz/j3jT4SC4gOFfIBUY1ywP0XyQ20oPDVWQR"
    "bxASDmmba8s1G7pnIpP+qXn5bFVabACLKjBjRMLH4YcLiBxKN91xC7jHKbqRrslXepgi6e"
    "t9l+Rmd49TNJQ+S8NRu9cC/tkUtW9+n4wwiXtMbmanCaDEI+KsGTx4wWoSAfURs5TdD0Zj"
    "6aYku+1RkfBVcpyie6l/0+3f4gvuyRR12v2O1OuRRsEpH4OUpfTfrhc9Lk9ek/dGyoFIVm"
    "YOtMrhnyKtkfLnyKNgwSX+BaUdimJkQjNdDXtXq2ZXEF/jlEIhx4+0mlbIKc+KTmGuMM5J"
    "WjHSPI+0BRVmvozsvDAhRQ2SWcc5tctCmWEuczLDXKYzw4R6gEocdUDNtTCEZSAJz8MuSQ"
    "gTnmOhqEvSll1P3DvRb1hE+iz1sfRDD1N01+5PiHjkHj0B6psnQPFS1S1Q5JRYLzGivaTY"
    "PzXTd/hsShaJAoRa6RiJOJ3gsKtyeboGlyvTIU6G8hPclJnuDNK61ZU4yJRXVMcsG2cVpR"
    "HJXUXsQ73tbFmxD5zY2drQ0tVFg2Fc8+40c6tXh222WdGyx3kHJ27WxvOjGJ92tO1nm5Uy"
    "XSeyX5/ZvhNcMfxV35yXl0XenJeX2W9Oci/x5sSLqgTCXvMaonuQelf4iQ5kOcJne2VFSI"
    "7vj3UaxmRvnlcnfZn9/f/cSSPb"
)
