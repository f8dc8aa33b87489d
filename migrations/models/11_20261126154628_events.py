from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "event_name" (
    "name" VARCHAR(100) NOT NULL PRIMARY KEY,
    "count" BIGINT NOT NULL DEFAULT 0,
    "first_seen_at" TIMESTAMPTZ NOT NULL,
    "last_seen_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "event_name" IS 'An event name tracked at least once: how many of its events are stored, and their time span.';
        CREATE TABLE IF NOT EXISTS "event_property" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "json_type" VARCHAR(16) NOT NULL,
    CONSTRAINT "uid_event_prope_name_bae6dd" UNIQUE ("name", "key", "json_type")
);
COMMENT ON TABLE "event_property" IS 'A top-level property key seen on an event name, once per JSON type it was seen with.';
        -- The DEFAULTs of received_at and properties are written by hand: raw inserts (COPY) may omit them.
        CREATE TABLE IF NOT EXISTS "customer_event" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "occurred_at" TIMESTAMPTZ NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "properties" JSONB NOT NULL DEFAULT '{}'::jsonb,
    "idempotency_key" VARCHAR(200) UNIQUE,
    "source" VARCHAR(16) NOT NULL,
    "customer_id" UUID NOT NULL REFERENCES "customer" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_customer_ev_custome_d4c48f" ON "customer_event" ("customer_id", "name", "occurred_at");
CREATE INDEX IF NOT EXISTS "idx_customer_ev_name_217ab5" ON "customer_event" ("name", "occurred_at", "customer_id");
COMMENT ON COLUMN "customer_event"."source" IS 'API: API\nIMPORT: IMPORT';
COMMENT ON TABLE "customer_event" IS 'Something a customer did, with its properties (a JSON object of at most 16 KB).';
        COMMENT ON COLUMN "api_key"."role" IS 'ADMIN: ADMIN\nVIEWER: VIEWER\nMANAGER: MANAGER\nSTORE: STORE\nINGEST: INGEST';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        COMMENT ON COLUMN "api_key"."role" IS 'ADMIN: ADMIN\nVIEWER: VIEWER\nMANAGER: MANAGER\nSTORE: STORE';
        DROP TABLE IF EXISTS "event_name";
        DROP TABLE IF EXISTS "customer_event";
        DROP TABLE IF EXISTS "event_property";"""


MODELS_STATE = (
    "eJztXelz4ri2/1dUfJnuKqZrOulk+jKvXhUh7jTTBHJZZrnDlNuxBbhjJMY2SefOm//9Sf"
    "Juy8Zmi3DrCxhbR8DvaDmrzt+NJTag5bxpr8xP8LnRAn83kLaE5CL1pAka2moV3ac3XO3e"
    "Yk21lak++I3uHdfWdJfcnmmWA8ktAzq6ba5cEyPauA10GxoQuaZmtYDjYvIJaA7QwOhj+/"
    "uzi0tgmHPouE1gQx3PkenQrwH3z8B0HbCy4cz8+oZ+lYF18l0mmu+11zUy/1pD1cVz6C6g"
    "Tfr+409y20QG/Aod+vGPBvkqzYWGqrmUwjQaf9Imqwd1ZkLLSKBIHpJH7L7qPq/Yvcmke/"
    "2BtaT/4l7VsbVeoqj16tldYBQ2X69N4w2loc/mEEGbfnkMYLS2LJ8VwS3vX5Abrr2G4c83"
    "ohsGnGlri7Kp8T+zNdIpdwD7Jvry7n/9nxZrpqr9wVgdKWNVbWS4Sn9CiiX+LR0jOiJM5F"
    "Lw/v7H6zcChN1t0C/ofGwPX51fvmYQYMed2+whg6vxDyPUXM0jZYyIUGbvGZw7C83m4xy0"
    "TyFNfug2GAc3IpCjoR/AFwB0AEgbS+2rakE0dxfk49sffijA+Jf2kMFMWjGcMZmr3hzu+4"
    "/OvGcU7whfb35UQTii2A/Gm8fx0RA+PysB8PlZLr70URJeb2mqAm9EUTt4L9+VgPfyXS68"
    "9FESXhtbOauDgtZLBnCX/CAN6TADdEAr8krRaF/fdvstwN6m6Jeu8qsybAHvfYpu2/32Db"
    "3hX0zRaDwYKi3A3qao279RRuMW8N7TO2upNeeyzJJzmb/iXKZZltxhk4y7Jk9ccwn5MyNJ"
    "mWKb4ZO+CS7EYWL52UL+oDFA1rM/SwugH3dvCUfbt3f065aO85fF8GuPFfrkjN19Tt19lW"
    "ZT2An4tTv+COhH8J9BX0lv02G78X8a9DdpaxerCD+pmhFbUIK7AWoJrlua46prZyu+p2n3"
    "wHn/J4vC+BNhdIBJIadt+IgftuJzklJyWWQuB2vx/bNaTQ/KEO6gEp0OfzcoQFTHnD1w9Z"
    "8IryzKH4gqbM4RUeIzkk4K1YzGf5LIRnejn2hrT6Funh1cBALyx6HLQCC/AvQnvV6D4X2v"
    "6Q9Pmm2oCeDpE3yGU3fCttlHy7Nl+o6GtDnDiP4Z+tN99DvacqURfjU4tpjwWbPIGqPHW2"
    "02xyBgkuGAXPMRgoD0J/D5EdoOafIZzG385IAn010ASG4+A32hoTkErzDpY2k6rqkDgrm+"
    "tm2I9OfXHNvMQb6ijKGGDHV3zdAhV7br0F2DNIo/gMiIbkvDjjTsiKkVn5Uy65wVmHXOsm"
    "ad+C/LgDyGX90c40OS7HiqceMFBu9Y+W2ckLcCRF/dtn97nZC5eoP+TdA8xoFOb3CVAv6B"
    "/MttLRIBrdAWievuqDOY9MctEFxN0U33w1jttIfXLRBeTtFQ+aAMh+1eCwRXU9Qb/N7ujX"
    "9vAf9iin5t93rkq+4G3f541AKJj1N01x6O+8pQ/WUw6Xyklo7UjW1sGmdlzFBn+Waos4wZ"
    "SidbtUr36205n+hAaPaPuv2bnqJ2BtfUzBR9mKJJv/vvifeB8DH+aYr6A5/CvxDDFEUEBy"
    "Jh0F+wJdsSHQjNtsGd0m8B+krn1GisXikf2790B2xGxT6SGdr9RVHbnXF3QAhiH6aoMxmN"
    "B7dqr0tNirEPYjDThlRCz3Ly59Ggn2dvCCjStgZTd8H/Acv07PBisHAfOx7FonjHS29uKb"
    "mOdpDe8QLZvYowF6cRed5s60cq40bK9yKlh3ak4WQgLraoJQilQU1kg1qgrFbkcIxM8ldk"
    "/lIOqP/FqJLOmyA6ojI2GXcOpY8d2iO8hK5GbQ5VBIE4zfFFgZgx535tWkScdN7Qr30Je8"
    "5BBAQTPULkYvtZtcylyVniuijHHMGhTPGH2oJPbl0jP5e8fX/29t2P796fX757T5qw3xne"
    "+bGAR0QxTsfwrO/JAF1Ag0C3RlUA5lBuBfBWA/+HE4HXIiu942L9QXUXZJgvsMVRM3Ihzq"
    "GW4zgL9BdsIhX7inYS3iuMLaghPsQJuhSw94TwUAM4sBkfd42+Ggx6iTX6qpu2S05urxSi"
    "PrMFmzQyPf9XFnAaV7tkv81RV9BWda4JK3do55HLsZ2F+lGzTCJjkF+h2msLOlXkEx6tGH"
    "IK/b7ayCkMWxV+XZE2DtdxUmBL4tDuxCLBpsOxeaGtVpZJECUa1crGxlp3K82YHHI5aQ7J"
    "KJ1gN8e2WW1xy+1AMmvvzIpiI7bxdkTURzRFXA/bH8YV8feIWoC9TdGo81G5nvSU6xYIL6"
    "eIejV+UVrAe6dekcmINvHeWST13R2j8S6mSPntrjukd/wLMfweXnzTNvGWSUppPhTZfOgH"
    "VFUQzmMUx1Pp356INC6TEPKhrm8SwnplbMn1JKXkuihc56yd/q+PzXVPqqwcqJ4kk2HqnJ"
    "AnB1JhvSqwGUqJLX93kskV+0Y2WMcrI5shlMgWp634q2cW48pJK51YVyeJ7Oa0leRWk0ha"
    "GZLtb9jtjBt5q+8+ECZvo7CzmmKc2XXKwCyTr/affMVfjyXAGwHO7EGVs9si4BcmPUiHg/"
    "qVT/jh0xBaWk4iSCpp7WPU2YmpPXnQZ8MrdIYFZ7WtAthd1FOdwDpG0mQwxgpyJ2PDcHMK"
    "pRqbAZtTKQcIBpmLLgZamOrYAk8LDF5p4AE+NwG2gbuAwNEX0Fhb0CYPIWJ/6HWTXdNXzc"
    "2mUe6/+1JnXQVQeKtJ5ZzIK3OeH7lVMsjFX+eKRv3Lpup5hsd/nZ2dn/949sP55fuLdz/+"
    "ePH+h9ACmX1UZIq86t5Qa2QzbgsJzJP5uZK1TyrrDJX2mLpW/Ispmtxde3f8C+qQaY8nI5"
    "XoJP0bzy8T/zxFnd6gz7pg71N0rfQU1oN/QRPS2Lk41zQhzbvaxoVzgPQxNvUreU1jJNJP"
    "unc/6czGS3U3Z2mqi61m33Hk1G/KW+riHfma6EByVQyuOnht61BNCTRlbXt8amngky7Tej"
    "vPyrhMiVaE7YrzKU4jZ1FqFm23RO1vbRJt7hzI+xCdk7Sz9yHq6jShLeF+SAyuhFWx0x51"
    "2tdKI7soSIPtRmDjC6FgJ5H5LjWuNS1ytxWZ0WKtShwMT4aC/kAwBQFhC1j4CdpgYRLG2/"
    "riGfiBwGBm2g7HRrZlH5sNYfIcMHkOmAjngB3kePdwamQhzrXdJmiOFzt6QslcwUrkwcId"
    "vKXC6ZOdCG2h/ZkeyNUC7I2aATq9yYjZDsLLKeoMbm/pqUHeuximAam25kNfX7VVRvrWje"
    "t5kb4ZLbBM9EOg8ezozq+gG56IBnNYV/7acfGSyeBZrSN4Vqx1xFuVKUflt2+CBzJkEK0J"
    "hdc2MA2gIQNg1lKzrGf6gLrWdaI8IPc7B9DGn327sGl85hal2mff25Wmoucaw6VmWvIw4x"
    "dWYkJ2VtFkEkR7cSUJpM0c5FRj8YuBHewc4yOg6y0lFeANCQT2g24J8PlZGYBJq4JaYNla"
    "a4uK57+FBPUD+F0ZfN/lw/sug648+U24OBoqQLtr3plCHyys5R2YFSNK8WRGqU5v5BfAfj"
    "2YXPUUcDdUOt1R12dBqFOxh/RWdIjTUGn3MueTofkWMMepJM4lcJampPy1/TSNCtKU9C1y"
    "fa+mJJkcIoBFSaHHxDYKzEpeg2YZ25IKw7YbLUwjQuAuqEtaC+1BwDCNplfxyqs/jlfQdq"
    "lT+pUGqJAE8P0XSGRLPAOaC5Zk3IK3l+DTFae81gH6L2VpCqDwTBOBFo11dmy/EdbU4j1o"
    "ggS5zCgRM6NEfEvKafvdU1OiitiQIq2h3HC6ckJWPLShDs3HLevdJkhryOgTFRDLqAXRvl"
    "vF3pSkkhanvVucTHoiNXZpbSH1AVaqScQhlU6ZEm4Dz43FR7pEFFRILbJo0WjfdVuAvExR"
    "9/ZuMBy3gPeeFtlfKMgpKbCXzipIksmsgg1ZBbHog12zCmJdnSa0m7MKkoOLn1XwMuHvzB"
    "rQ97iaMRlED5tF5gJmJVADtahUMW5GAigJoI0foEEVdAtqREOn1StaYIGfAPnVz1R3p8o9"
    "o3CAZkNAD6uARPGnwSVEcTdtQGVC4Kw0xC3LfdAv2yGoXoZ771/tzFfzc+oBFdlZ6lcI6C"
    "imltjhATT3RHUgRFvohBniGmqFJ6IFllL/LW17XqdpJauFY3UFl9DBBZY7z3bATdpLNigh"
    "uKzibUtE0rp49b1FSK3A4fBMz6QCdPQScYIICjGBo8kEDEBaef4IynciYYAnzfEIqPOCF1"
    "J7mC/hCCuR68JX9L84wcT7c5fsQOm/kP6LUxYkYyeOVbOd7WIvExvdg5jMouWmAsYJohoi"
    "vR+zmCA7Nj1SmbdRd/wSiQVxCEGLMvktpO0b4B3dzD44YKE9QrpTYtswkWaBV2/fvHGxq1"
    "mvfwIacAg7LPg9bRoeMvmdR0ooHYAwgtxkl4N9EXd3Tp7T7H2B3JlPY2feqiaELAch8plB"
    "9USVW+s2f/vNKW5bh533IDIOO3C/ohgZp6mdwfcgKAebYwbk3N0uRiHrNGett7Q+e2VHao"
    "JILrSprDca1+wstgqRStPKIpWiWUgTCaRfVybpbgs+Jykll0Xm8qNmrTmSU34h0qC93G6y"
    "240NDQiXZH3L8dTmopolrI2/dm/gzs2ZqzorWNUFnqSrDa5H9oPLdMl8htQrLlomzu0uGh"
    "w5cY68DWkFkUaOjdp72NxkqFbtsN3mGkqe4umwxDTgWfzAk226LmSnJ2nA5xyLTtdcfQHc"
    "heYCHS+XtJEBtAWZNowcAajZlgltryGnotIBv2yKpugmoqa9Qup0fiR3LMAQcYCJwEojny"
    "1o/QQ+x6oPekbyzwCT6Q+W+JG0JS82+WbkmvM1XjtT5OvoThMQWLF9TzMAX9FgPBZCST69"
    "pmF5DgQ2fnLegCF5BRacuUCbuaQrDei25pB/BC2LfCCTe00khdg/nqKnhUn+sv9bacifZt"
    "E16TnAqKRt3gtXkhZ6ATdiQS30gi6/O9o4kvOgvBSfoZPH7fIkyYq60QuoRIKjKZBX3C80"
    "nCN3RGWINwgeUfHjMo7yFcYW3cs9nnoebLItm46zhsZnYDreEY1rm+y2IC6ZAs14pKkcQH"
    "Pxkty0rGeef3zv/ctj64VY4UUNQKu7W+u0Cl42bpS+MqRVKiuO4YiwBcJLWoZtOCYfaB02"
    "dpFecF4myZCoMy7BTq068tN09TvL8DD+cwKoAzliT7lZECM/4kRo9+4+tvuTW2XY7VSdC3"
    "HaFoh/miL26UoZh0/Y9RSRBlfKcNQC/gWtG3unDDvtkUIrx/qXU9Qb/BrcDS+nqDMZjQe3"
    "LeC9izHLvLRJtZD7OVJvhrKGM+2iDOCkVf5Mu8hA7vdeXr+ICI6nYLwXWLtInosBZ+bXSv"
    "tDSFG7Y5ovyuwLF/nbwkX2CGEipVbFNyKRAG8GWHNdaHMqBxYJOCFJ/Vbcg2SXMBN4hQU3"
    "bF8bX+weAwjIf3Lofy8PZ4JGQpqG1LPaVMAzIpBgpsG08JNK5FL9QXUXNnRopGQVSYtPLS"
    "OJZLiFDLeoFG4hS14Fw/6YcRZdRBPWsf3ctqDNPaE41aJZ5Pgwg7aqFjbefEYxXT4TYRCY"
    "RQj4jAQzGiTgYnYEULjINmkjm2b3rd2f/OOAooR7lqPPOa34kN/Ej0XQ8SpMGAnsvoxmt1"
    "gE6S7Ze4GsOKfKKlYJohrmXb0vo1q9z9es3p+436Q60I3e4Fd1NB50PjFDrndJy9F+bE9G"
    "zI0SXophzvUWowoCb9Behi7w6i7L3GKZW3wCqGqPmun9wfIzP0EjZz9n9m9jQJBmA2k2kG"
    "aDqmaDQ6rE8WwNjj6cSubIV4ZXqYYlj8sBc5Mo0VQNjZXUMVFMT807/6YkJVdR1WNmk6js"
    "75+0iE78UfoI+rQSmynNE5uDic7yHmdKSEu1+GXVYinQ7lugXWgI8VSugsCZiOSYoVJ33U"
    "ON1aRSe/muhFJ7+S5XqaWPZKVdweueCFKA/qUltsOHZQpYYKb+oH/BJlIx4lWZucLYghri"
    "I56gS2F9TwgPtdwEsspxF5arwaCXWFiuuqncQC9K9tVbhn1U61hqhd+uViiUMVA0Xu9JJK"
    "X5alVTnmNEdTIGHvsMElkY6xiFsWImjCTE1QtjlY8vERTazYWxksslvzAWbxDvA15ZdywL"
    "L/cg2OrQ+t3UFdZoPxKplNvP+L7BsSLT280i6/EXv0EJqzHhFCumTn/w3MZrZIAnbD+w4m"
    "h+BXa6VDo8u3El2jKl2ckodNfsryygZrv3RNhm1l1px31RO25+3A0f51OItRHG3BiN+W3C"
    "miLqIxp3/z1RJtWzwT2qFvDep2g46fe7/ZsW8C+maDTpdBTlmjYKL6foQ7vbo7e89/Qy9D"
    "KBT/Twq2W12tghhbQP790+LDOu9pjhinWyZVfKEErQSEgzcX1rXYfQqARpgkZCmqlCqplW"
    "JTwjAglmGkxo29iutJlFFGJsZvT7arOZ0QMtLY5nIp8dEYUY7KiVbLEkO5s259hQxvBrzm"
    "ITI6nBmQRFLiDlt3Ex4KEHqDfo3wTN01xIhRe7LlyuXM6ClB9dHCOR63ueu/P+uaqjIE0o"
    "w7GkI1k6kh1Xs7fjepJSFoIRuRDMzETb1nVKkUo+i8znhKehIqPTtJLTonFakLSQX7H9AO"
    "2PwXBpcJx66SbNIgffE2usLhKtN9eoQBB8Xtl4iYHXwWfgm+6aQHOA6QJLc1xgwxWm2xT1"
    "4UFrBl7ROgzUz+e4eLWChk/sVVbwfKXGa06RikN/WxmPImngleei36U6ECLpUDyWnJzvUA"
    "y5UtajGBKI7FJsjBeQjNK/APu17Ex0b+zSA0MeYdaFXiri+OKiTMTxxUXBmaAXaffVAjuV"
    "Dl8N2ouM/rYR3YfAd8VbRvLdJ/ULhNyf70QcXUs0qE9dNEscJBLfnSsyOk0rWS00q21omA"
    "6NyENQ5x7sWZjzwqE+YubLFjLBB9oJeFqYVkIieNJogNwM22BI/xHNu9bxErJQupJywuFy"
    "ZQRRmjq00BGT6znFdLxHhUoSLSK7ZIzwysj67UsERVrmkkY22uB+bRDlAvjkTVbRzvCK29"
    "0/06J2hkmpNAs4hFWExTQeCy4hYREvYHJv/e5QQEeWdvElv/NSuXznBbl850EuX76ms+ZG"
    "0hSlxqzrFkdzhKQYQRasYbjg8Nas2NOSy1Z5qw4LF3Kc2doCXulsQItttdiOg22DLjH00g"
    "sUaLIA7SdaEJSsRt7S84puRTa2LIpEjjHnEF9SxoaTPdeDnfZRfFYIO2sz55lGPnMeSaPQ"
    "ixqFBMw9F2i3OkwVppdOIDwdb0eFqID40lMW0jiNxDMVEBQt12XhjJFINNNz3rbpQlllfY"
    "3T1NAGfF5GD8jXAtKrqrbkV/QtkvojmjqZgY+cD2+YTk4x5SLo41QS/K3B90awqs1cIhgE"
    "mPLqMWycBbw+JGO2ZszcnLmqs4JV50WSTjJg15lh8FzeJWaDwfV8SwaUZwAzTmSxz0+oCA"
    "mOn0/xMvKjTGSpE/DU2lYpnyskECN/qFbpXPI4UeFYcoJHLoTnIVTkQYN/psJw0Osp1+pV"
    "m5aaiX1I2/3LaM/7P10hcBGoNtQczDl4Kz/1jkNah1NIj52DF8JY0RCfppNW+BJWeAoazb"
    "KjuFUPf8pSyywEkeOfZM5g/lyrV85ghaiEWCSkiXiye5UqplGgQY90doLj4J9g5KeLmSa1"
    "yxm0bc3aGSyvmzrBdJwYFza4CuNcguFXKkTPChqXCngxiWSOXPMRAtK5ZdL0IVqrJuqPH8"
    "JSjqxUUErsnFMvHsU/QrJaGEmR/a9sWoC//ogbdndEo19+eIk8/rs+x38LJp5Kb+c3B750"
    "qr0wA2KSQ7UFPUMol/Ti8++T8chJmCufI54Mgj5NeDeeJp4ZYiKdKR4qPFzRPVKGioT2WK"
    "sS2TRBe6/OJJ4BjcjcxiPWCef9SHIiiN8/k/uYytth/UleCs1une2QNyODwI8RBC6l9PpI"
    "6aJB+ULRP/7iVDWCOUkmR3RG/iP7AKyKapJKgirPM/xGfRNSlZKqlADwnrYqNXJJN+Rfjq"
    "DrkjdvhKRUqkybZpFq5fitVSfefKOORQ+eWtn4C9Td7xwQdALstQUd8AojohnhJ05WbwW6"
    "PWtO34rTY8eDkPIVJU/VpX/dUdmxEhUw5tIeT8Q/P5WDs5mPUKd/tTLEPNLjIXxxegDDr7"
    "q1dszHnaDmdHI80N+eCOhUq5xj+7ky0FnCGjnv9j2mmciy5BbfzA+f5NEeMcj4rj0cd9u9"
    "Q1kMDx027GCbykxVAI+RHBHnDlH6bgbD39WPXWVI/8/vx4H8rEzxwrP84oVnmeKFCKtwNi"
    "PiYxXQE0THjKH/1L071bGta5a+9mLZ1HvNqbSq8GiPCPt1d9QZTPpj5Vpt39KLUx3s65Wx"
    "pXUsSSmtY6JYxzgB22EApQDnibUJqg2OTYHdbxbZEbSgRSn37Jy6DPGMnd51T+RnBB2i/m"
    "ve8YT2cxOQS9Nl74ZJR4LucowJO/UkHbMCWC6bBfYGeWzkQQ/iqqgo6LsoBwLnV70tBe7b"
    "AnDfZsElaz2tQp/FNz+NMEYiK/hVzh6ksqa75o3oDxbWciCPE6Uwn1Gq07MsFMB+PZhc9R"
    "RwN1Q63VHXT3EOpR72kN6KDmYeKkQvT6GM0XwLmONUEucSOFORXP0vRpUW6ATREZeQybhz"
    "HPXqsox6dZmvXl1m1Ct5UIJwByXIeJD82XCaGm+ZeBBp56gb1/dg54iJ045jzhGrRZAdH1"
    "VSb9thRyc4EkrlKLNTfXdEaUT7qBNAB7WYRUOKZzdLDLgC61myXQkbWhB//p1Dq3toCLTv"
    "uuABPpPPK0vTYYulKZDFowk0ywLeuAiyF9htSubd51nW9t4/x972R8NZ39NQIPWBDBkmFv"
    "ufPZuZBR+hl/PhGxdZb16+cyI1uqAbmRwtZnJ0mmVZNafEuVipPkQ+KLrRIXtlu3vTb4Hg"
    "aorInFI/Kb+3gH+Rnocv5NVOTMKyZu4klYzLTdtOgrVsm4EeEgs9wttDpU2GMnklI5u8qu"
    "1eTx2NB0Nl5N2O3Zgi9t4C7G2bcX9WziheYBPPmMSl7lkzLaSM7vlitR5E4/F+1jlZiuSg"
    "+RyBJLxjJkfgzz/NIboxhyM2QRPZG2TjGQ+7nXEjO2T3AGpZvVnMcboR1PgszUH1pZJiKO"
    "7cTBifIUXpL0GTEjo3a/wTrS53D6lXixVRpTkrdLzxlOjNBFytOJjk7O+ktV0ZlfINR6W8"
    "tBgo41JkXIqMS5FxKWLFS8i4FBmXIuNSZFyKjEuRtkEZlyK5vkVcirQIH8wiPId4BpFe1S"
    "icIpN2YWkX3gTpnu3CwQjcA643sa5OcrRuhDY1XSsbiF862u9EYD9oLFs4Sjm29PgIzjen"
    "x6dMGYs6/RKDWcMBUR1oDudSW/Es6fkNy5TOWJpIjVtVmP4WfP6T1tJgLeIGAdYkvFEtik"
    "xa3etldRfILHwQm/suMXinEXvXHXZ6Sgt471N0N+j9fjPot4B/kV5wXibujiyeX7jFJ/Ot"
    "PjGSnYw+Yu5+x7PuEBkB2upW1noOrTQmlzAmB7htZbvnEUvUS6Bua4a5dtRlJbTjRBLlEi"
    "in5c3SSKcJt0RbUP38oHBvtY5kKCXgpQCP60+V8E4RSrhLw73d+E5TSsBLySbS21czv4/0"
    "9n2LXM/z9m2VhX7M1GoxxeUjZ1ZD29QXDV5WtfekWZhRHbXZZIfOh0GWIBCrBMEjtB1uKZ"
    "N8S3CMRGQT5bbm4IuLMubgi4t8czB9ljlPvArCfvMaonuQGGzyjS63iG++lTdGcvzQvhM3"
    "81bY6ve/mf3z/8K4Zd4="
)
