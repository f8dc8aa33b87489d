from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "redemption_counter" (
    "name" VARCHAR(300) NOT NULL PRIMARY KEY,
    "used" BIGINT NOT NULL
);
COMMENT ON TABLE "redemption_counter" IS 'A limit or budget counter, moved only by conditional single statements.';
        CREATE TABLE IF NOT EXISTS "redemption" (
    "id" UUID NOT NULL PRIMARY KEY,
    "idempotency_key" VARCHAR(200) UNIQUE,
    "customer_id" UUID,
    "store_id" VARCHAR(200),
    "currency" VARCHAR(3) NOT NULL,
    "amount" BIGINT NOT NULL,
    "discount" BIGINT NOT NULL,
    "amount_after_discounts" BIGINT NOT NULL,
    "gift_spent" BIGINT NOT NULL,
    "amount_due" BIGINT NOT NULL,
    "order" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "moves" JSONB NOT NULL,
    "metadata" JSONB NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "rollback_reason" TEXT,
    "rollback_key" VARCHAR(200) UNIQUE,
    "rolled_back_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_redemption_created_26fccd" ON "redemption" ("created_at", "id");
CREATE INDEX IF NOT EXISTS "idx_redemption_custome_bc35cb" ON "redemption" ("customer_id", "created_at");
COMMENT ON COLUMN "redemption"."status" IS 'SUCCEEDED: SUCCEEDED\nROLLED_BACK: ROLLED_BACK';
COMMENT ON TABLE "redemption" IS 'One successful redeem call: the order, the result, and what it moved (for rollback).';
        CREATE TABLE IF NOT EXISTS "stacking_settings" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "redeemables_limit" INT NOT NULL,
    "applicable_limit" INT NOT NULL,
    "applicable_exclusive_limit" INT NOT NULL,
    "category_limit" INT,
    "application_mode" VARCHAR(16) NOT NULL,
    "sorting" VARCHAR(24) NOT NULL,
    "no_effect" VARCHAR(16) NOT NULL,
    "calculation_base" VARCHAR(24) NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "stacking_settings" IS 'The project''s stacking rules (one row).';
        CREATE TABLE IF NOT EXISTS "redemption_line" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "campaign_id" UUID NOT NULL,
    "code_id" BIGINT,
    "discount" BIGINT NOT NULL,
    "gift_spent" BIGINT NOT NULL,
    "redemption_id" UUID NOT NULL REFERENCES "redemption" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_redemption__campaig_fbb541" ON "redemption_line" ("campaign_id");
CREATE INDEX IF NOT EXISTS "idx_redemption__code_id_c68c89" ON "redemption_line" ("code_id");
COMMENT ON TABLE "redemption_line" IS 'One incentive applied in a redemption.';
        CREATE TABLE IF NOT EXISTS "referral" (
    "id" UUID NOT NULL PRIMARY KEY,
    "campaign_id" UUID NOT NULL,
    "code_id" BIGINT NOT NULL,
    "advocate_id" UUID NOT NULL,
    "referee_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "redemption_id" UUID NOT NULL REFERENCES "redemption" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "referral" IS 'A referral code of an advocate redeemed by another customer.';
        ALTER TABLE "campaign" ADD "rules_expression" JSONB;
        ALTER TABLE "campaign" ADD "validation_rules" JSONB NOT NULL;
        ALTER TABLE "campaign" ADD "applies_to_products" JSONB NOT NULL;
        ALTER TABLE "campaign" ADD "applies_to_categories" JSONB NOT NULL;
        ALTER TABLE "campaign" ADD "redemptions_per_code" INT;
        ALTER TABLE "code" ADD "gift_spent" BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE "code" ADD "redeemed_count" INT NOT NULL DEFAULT 0;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "campaign" DROP COLUMN "rules_expression";
        ALTER TABLE "campaign" DROP COLUMN "validation_rules";
        ALTER TABLE "campaign" DROP COLUMN "applies_to_products";
        ALTER TABLE "campaign" DROP COLUMN "applies_to_categories";
        ALTER TABLE "campaign" DROP COLUMN "redemptions_per_code";
        ALTER TABLE "code" DROP COLUMN "gift_spent";
        ALTER TABLE "code" DROP COLUMN "redeemed_count";
        DROP TABLE IF EXISTS "redemption";
        DROP TABLE IF EXISTS "referral";
        DROP TABLE IF EXISTS "redemption_counter";
        DROP TABLE IF EXISTS "stacking_settings";
        DROP TABLE IF EXISTS "redemption_line";"""


MODELS_STATE = (
    "eJztXelz27a2/1cw+lJnxs0k8pJc9c2bkWUmVitLvlqS9lYdhiYhiTUFqFxs6/b1f38A9w"
    "WkCVkLxeCLxAUHon4HOMRZ8XdjiTVoWG/bK/0XuG60wN8NpCwhOUjdOQUNZbWKrtMLtnJv"
    "uE2VlS4/+I3uLdtUVJtcnimGBcklDVqqqa9sHSPauA1UE2oQ2bpitIBlY3IGFAsoYHTT/r"
    "F5cQk0fQ4t+xSYUMVzpFv0Z8D9Gui2BVYmnOnPb+lPaVglv6Wj+VZ7dZD+lwNlG8+hvYAm"
    "6fv3P8hlHWnwGVr09PcG+SnFhpqs2JRC1xp/0CarB3mmQ0NLoEhuklvuddler9xrk0n3+p"
    "Pbkv6Le1nFhrNEUevV2l5gFDZ3HF17S2novTlE0KQ/HgMYOYbhsyK45P0LcsE2HRg+vhZd"
    "0OBMcQzKpsb/zBykUu4A95fox/n/+o8WaybL/cFYHkljWW5kuEofIcUS/5KKER0ROrIpeH"
    "//4/UbAeJebdAf6Ny0hydnl29cCLBlz033pgtX4x+XULEVj9RlRISy+53BubNQTDbOQfsU"
    "0uRBN8E4uBCBHA39AL4AoB1A2lgqz7IB0dxekNP3794VYPylPXRhJq1cnDGZq94c7vu3mt"
    "49ineErzc/eBCOKLaD8cvjeG8InzVLAHzWzMWX3krC64kmHngjitrBe3leAt7L81x46a0k"
    "vCY2cqSDhJylC3CXPJCCVJgBOqCtsqRotK9vu/0WcL+m6EtX+ioNW8D7Tr8pS8mQyzIi5D"
    "JfglymWZB8YyYZcU3u2PoSskd6kjLFBs0nfRscVIcp5Uc/+YPaABlrf9YVQD/u3kqjcfv2"
    "jv7c0rL+Mlz82mOJ3mm6V9epqydpNoWdgK/d8Q2gp+A/g76Ufu2G7cb/adBnUhwbywg/yY"
    "oWExDB1QC1BNcNxbJlx9qI72naLXDef+SqMP5IGB1gUshpEz7ih434nKQUXK4ylwNZfL+W"
    "+fSaDOErVJzj4e8LCg3VGWcPTH0mwiuL8iei2upzRJTyzMolhWpGgz9KZKOr0SOaylOoa2"
    "cHF4GA/HFouyCQpwD9Sa/XcPG+V9SHJ8XU5ATw9A5u4tSVsG321rK5TF9RkDJ3MaJ/hj66"
    "j35HWa4Uwq8Gw7YS3jstsq6o8VYvm1cQ0MlwQLb+CEFA+hP49ghNizT5BuYmfrLAk24vAC"
    "QX10BdKGgOwQkmfSx1y9ZVQDBXHdOESF2/YdhadvITZQwvZKjbjosOOTJti741SKP4DYi0"
    "6LIw1AhDTTW13GYpM02zwEzTzJpp4k+WAXkMn+0cY0KSbH+qbuMAg3cs/TpOrLcCRE9u27"
    "++Say5eoP+56B5jAOd3uAqBfwD+ZebWhgC2kpbGK67o85g0h+3QHA0RZ+7n8Zypz28boHw"
    "cIqG0idpOGz3WiA4mqLe4Ld2b/xbC/gHU/S13euRn7obdPvjUQskTqforj0c96Wh/GUw6d"
    "xQU0bqwiY2jWYZs1Iz36zUzJiVVPKqlun7elPOJzqoNPtH3f7nniR3BtdSC8ROpmjS7/57"
    "4p0QPsbPpqg/8Cn8g2qYosjCgaww6BNsyLZEB5Vm2+BO6rcA/aRzajSWr6Sb9pfuwJ1RsV"
    "MyQ7tfJLndGXcHhCB2MkWdyWg8uJV73RGZ/LGTajDThHSFnuXkz6NBP8/eEFCkbQ26aoP/"
    "A4bu2dWrwcJtvPEoFsVvvPTLLbWuox2k33jB2p1nMRenqfK82dQvVMYtlO8VSg/tSMPJQF"
    "xsUUsQCoNalQ1qgbLKyeEYmeBvlflLOSD/FyMunTdBtEdlbDLu7Eof27WHdwlthdoceBYC"
    "cZr9LwVixpx7RzfIctJ6S3/2EPacnSwQdPQIkY3NtWzoS50h4rooxxzBoEzxh9qCj06ukc"
    "clXz82359/OP94dnn+kTRxnzO88qGAR0QxTsfkOPdkgC6gRqBzEA/ADMqNAN5o4L87EngN"
    "IuktG6sPsr0gw3yBDYaakQtxDrUYx1mg/8Q6krGvaCfhvcLYgApiQ5ygSwF7Twh3NYADm/"
    "F+ZfTVYNBLyOirbtouObm9koj67Aps0kj3/F9ZwGmc7NJ9NkteQVNWmSas3KGdRy7Gdhbq"
    "R8XQyRqDPIVsOga0eNYnLNpqrFPo79VmneJiK8PnFWljMR0nBbYkBu2rWFSx6bBvXiirla"
    "ETRIlGtTKx5qg214zJIReTZpeMUgl2c2zqfMIttwPBrK0zK4qN2MTbEVHv0RRxPWx/GnPi"
    "7xG1gPs1RaPOjXQ96UnXLRAeThH1anyRWsD7pl6RyYg28b4J1Xhwd+fSeAdTJP161x3SK/"
    "5BNfweXnzTJvGWSUphPqyy+dAPqOJYnMco9qfSvz+S1bhIQsiHur5JCM5K25DrSUrB9apw"
    "nSE7/aePzXVvVckdqJ4kE2HqjJAnC9LFOi+wGUqBLfvtJJIrto1sIMe5kc0QCmSL01Z86Z"
    "nFmDtppRPr6iiRfTltJfmqSSStDMnrb9jtjBt50ncbCJOvUdhZTTHOvHXKwCySr7affMWW"
    "xwLgFwHOvIO4s9si4Bc6LYzDQP3KJ/z0yxAaSk4iSCpp7Sbq7MjUnjzok1ZT0oMBXe8mQ9"
    "pyAeY7SOsxPrMxKKr7/18J0l3UU51G1D4yS4OJWJBgGpurL+eZyjEx8XK+6QDBIL3TxkAJ"
    "80Fb4GmBwYkCHuD6FGAT2AsILHUBNceAJrkJkfuH3py6x/RTsbO5ptvvvlSBrwAKT+RyJ4"
    "5e6fP88LaSkUC+PCga9YfNZ/Sss/9qNs/OPjTfnV1+vDj/8OHi47vQTJu9VWSvvep+pibb"
    "07jBKLDh5ieU1j7zrjOU2mPqf/IPpmhyd+1d8Q+o16o9noxkorj1P3vOq/j5FHV6g77bhf"
    "s9RddST3J78A9o1t5oPHDdXMHRJn6uHeTYuVOfy7UcIxHO5K07k2cmXsqv8yinutho9u1n"
    "sfRduZRt/Eq+JjoQXK0GVy3smCpRY5ILmrIGUDa1sIIKv3K9PYxl/MpEK8Im53yK04hZlJ"
    "pFm4mo7cmmqs2dHbloomJSr3bRRF0dJ7QlfDSJwZUwvXbao077WmpkhYKwar8IbFwQVqxc"
    "m+93ZFrTIp9kkRkt1qpENXwyFNQHgikICFvAwE/QBAudMN5UF2vgR0uDmW5aDBvZhn28bA"
    "gTxdJEsbQqFEvbSU37cGpkIc613SZo9hdgu3sr7tZibANJ5MHCHLylcg6SnVTaQvszrVrW"
    "Au4XNQN0epORazsID6eoM7i9paWVvO9qmAaE2poPfX3VVhEOXTeu54VDZ7TAMiEigcbz2p"
    "iH8rrhkWgwu3XlO5aNl+4aPKt1BPeKtY54qzJ7cPntT8EDGTKIboSFHRPoGlCQBrDbUjGM"
    "Nb1BXesqUR6Q/YMFaONvvl1Y174xd+LaZt+b7cdFiz/DpaIbouLzgZWYkJ08mkyCaCuupA"
    "ppMzsp/Vz9HdB2Vux5D+h6ooQD3pCgwn7QDQE+a5YBmLQq2AAtu8HcgrNIXkhQP4DPy+B7"
    "ng/veQZdUR6vcnE0dAFtO6zCS58MrORVFYsRpXgyo1THN/ILYL8eTK56ErgbSp3uqOuzIN"
    "Sp3Jv0UlTpaii1e5kibmi+AcxxKoFzCZyFKSlfth+nUUGYkr5Hrm/XlCRSZ0TqTEXtbXRc"
    "sWxt/ngrsLMFLcrY2Ejbt8DLsXVPLLBQHiFQEMCmpiPFACfv3761sa0Yb34CCvByzn6kTc"
    "NElx88UkJpAUR0HqbBbWc/xLC+/d6IUpD93j0jW8IkRyveQjfCQ2TOVDNzhl32tWD3jiPY"
    "qKhKNiM39/wB8u2QEqOpXRTHTlAOJFAG5FwpEqMQJYuLysrzL+vTtKK6YHXW8Vn1DT6vdN"
    "LdJvvPJCgFl6vM5UfFcHjKu4fthXBkl86Hyw223MgSih030uDO9ZktWyvIArZILUjS1QbX"
    "vagHwoRbX2NeGRPuwZOuKvbC2E4qW2T84MA0QSQQTYWVb1JzVJQbLZ8XKMoKcmSvcVcUPE"
    "jS5ZGCy51z6QnObWAbi6GtJ7aJd8wrCgkK59WBnVe+hM1xYUXyt9iRFSsmW8aftcLYAHgG"
    "PPQ9R9NP4JtuWQ7UvgHd8qK5HdPCJogPEaBoj3TqAYXML3LRMNYsN9bW+xcZrhVYdJwW+K"
    "BEhusufSPHVRuv8VnqS0Na0I5zDEeELRAe0opNwzE5oSWb3IO0wCnDlu0nXa4U0ybYybwj"
    "P01Xv7Dn3ThhCaAWZJi0ys2CGPkeJ0K7d3fT7k9uJaJJ8M6FOG0LxM+myD27ksbhHfd4ir"
    "ydY0ct4B/QEpN30pAstiVaZNI/nKLe4GtwNTycos5kNB7ctoD3XY1Z5mWgyYXcz7FsZShr"
    "ONMuygBOWuXPtIsM5H7vGajzt8gOCfZnsv+4K3y37YQ34Ux/5no/hBS1y+i6KPNeuMh/LV"
    "xks43IKpUX34hEAPwywIptQ5Nh7ypa4IQk9ZO4Oylg44ZzcgjcsH1tXKRb9OuT/2TR/14e"
    "zgSNgDQNqWe14cAzIhBgpsE08JNM1qXqg2wvTGhRMy7PSotNLQJ8RBTE9xsFIarj7Cy1SS"
    "R+7dMd1EWPENH9etoGNO0GwyWUanFa5BbSg7ayEjZ+0TU0oi8X6rlRgOdRohvyRHv1gBk0"
    "DLp9j25TF47/CnJ37TFpipJj/wTojkNQA5h6cVbQBAZ8hEbWSbTTX2InO6l4FeZkBFZxly"
    "aT9SScSYetNBTnVFm1M0FUw9Smj2UUz4/5eufHI/cq8QPd6A2+yqPxoPOLa+b2Dmldz5v2"
    "ZDT2NvjwD6th7PaEEYc6ELQXBWxZBWxFpGHdNnaoJarKo6J7f7D8zE/QiNnPmP2bmFeEUU"
    "UYVYRRhdeoskuVOB5UytCHUzGn+crwKtWwZM0PMNeJEu3vV+vHFAMdxfTUvCIeJSmZimo8"
    "yDyqn/oHrYQbv6VrcLnCNkTq2lV7sqU7gh/2X7yxOZjoLO92phavUIsPqxaLBe22F7QLBS"
    "GWylUQVhSR7DOQ7K67q7GaVGovy2z8e5m/8e9lZuNfUbK0ciVLK1LJ+9Artt0HraZf0Rxw"
    "M0gF6KVA/xPrSMa+0TLluMLYgApiI56gS2F9Twh3JW6Ctcp+BcvVYNBLCJarbqqygBdDfP"
    "LexT4qGiu0wu9XK6yUMbBqvN7SkpRm8/HWU4wR1ckYuO/CKUl1ufSITpKJES32LT5gDn18"
    "+6jXwls+i/5o4U3O3RLwMmutblRbo86wRu8jNqSHsSb/jO8bDCsyvXxaZD3+029QwmpMOG"
    "XTqCb6wHMTO0gDT9h8cPdLo6FMKxNTUWmx7MZctGV2UyOj0Hbcv7KAimnfk8W2a90VdtyD"
    "2nHz427YOB9DrE1lzI3RmN8krCmi3qNx998TacKfK+9RtYD3PUXDSb/f7X9uAf9gikaTTk"
    "eSrmmj8HCKPrW7PXrJ+06LocMEPq0UU1kymJZvIY4ohH146/ZhkY+2xfxfrJJXNlf+VIJG"
    "QJqJ63NUFUKNC9IEjYA0DelM0Q0uPCMCAWYaTGia2OR6mUUU1XiZ0d+rzcuM3KLPz8GOiK"
    "Ia7KjV2mJJ3mxEO8/yYwyfc4RNjKQGFRuKXEDSr+NiwEMPUG/Q/xw0T3MhFV5s23C5shkC"
    "KT+6OEYi5Hueu/N+zesoSBOKcCzhSBaOZMtWzM24nqQUu9dUefeamY423YwqRSr4XGU+Jz"
    "wNnIxO0wpOV43TFUkL6dC9l1ynF6NqtnfrtMihRzdxWrrM87Zx8tuX8O8Z+pI66UyinWlz"
    "aAOf/BQs8aNbi8BYg/s1uYw0nVIphr9FK6CuBbiEZCCwfH9b6/cVlbJFDWffwXFWKiz1rC"
    "As9SwIS833AjpMo3BRlJdTN5PwHuK7KiKwhqHAYcms2N2SYqucuBogIh6o5duyZo4BvK3r"
    "AK2q33IL8GNToyKGHno2r1M31uBpodiASCNP9JzMaM0VbBgUiTdZ2bWrHykT4JBNUXMT1/"
    "LT3kTkw0EjHyqYD1Gh185u6qYfOqj1eFbgPLuY0dJTvAlUMRqRylNy8JomnfE8MMdpahgx"
    "dVZmZZq/Lk0jrCzZ+98WrUMjGpFssHGygaZbOVsPF0EfpxLgbwy+N4JlZUZUbDnAlFXo8s"
    "VZwOpDMGZjxhzbztG1Y4A/qjXWTvMlZoP2ih3nBQPoFVddzmKfH60SEuw/WOUwy3QRJVQn"
    "4Kn9hytYLiSoRnBWrWLlRK2WyrHkCPNZwmQTTh402Akrw0GvJ13LV21axzd2krZEHyZ1JT"
    "BayyZULMzIas6Pa2SQ1sEutO8AxxBGTotymk6Yk0tY5ChoNISR4sYf4JGlFiEeVQvxEAGZ"
    "5eZavQIyOfzksXr1Onrt9jCR67tHOjvCcZBXEiGlXc6gaSrGq8HyuqkTTPuJunAHV2HkRT"
    "D8SgWNGUHjUiEYOlmZI1t/hIB0buhQ8woBR/2xgyrKkZUKk4gVkfEiJPz6HHzxEEX2v7LF"
    "p3z5U91AsD0a/fLjJERttfrUVqvY8lR4O7878IVT7cAMiK0c+AR6hlCI9OLigskI2STM3E"
    "XakmG5xwnvi6XaMkOsSgXbQoWHuXSPlKGiRXusVYn8jqC9t4kH3Z6SrLm1R6wSzvuxzWQh"
    "fr8m1zFdb4ebe7CSOl7X2SsyOUQ08z6imcUqvT6r9KpBeaDoH184cY7oFJkY0Zn1H3kPQF"
    "5Uk1QCVFEs4jv1TQhVSqhSFYD3uFWpkU26If9yBG2bfHkjJKVSZdqcFqlWlt9atuLNX9Sx"
    "xgtIK1n/CVX7BwsEnQDTMaAFTjAimhF+YuSZctBtWXP6Xpwer6yQla8oeaou/euW7BY64M"
    "CYSbu/Jf7ZsVQlc32EKv2r3BCzSPeH8MXxAQyfVcOx9MdXQc3oZH+gvz8S0KlWOcfmmhvo"
    "LGGNnHfbHtPukmXJ3NkkP3ySRbvHIOO79nDcbfd2ZTHcddiwhU26ZuIBPEayR5w7ROn7PB"
    "j+Jt90pSH9P7/tB/JmmZ0hmvk7QzQzO0MgLMPZjCwfeUBPEO0zhv6X7t2xjm1VMVTHi2WT"
    "7xWLS6qwaPcI+3V31BlM+mPpWm7f0oNjHezOStvQOpakFNaxqljHGAHbYQBlBSpctaGpq4"
    "sGw6rg3zktsiUoUZuXDAj5fBZqf7XU/kdoWkzzYb74j5HUsHZL8+KijJy/uMgX9PReZg3P"
    "uWyvKbrvS+U7vS/Id3rPqECEkc0MnMtPiI2RiMxwzszXg77M/vl/a88QQA=="
)
