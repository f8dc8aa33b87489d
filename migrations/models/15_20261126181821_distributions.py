from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "distribution_delivery" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "run_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "once_key" UUID,
    "status" VARCHAR(24) NOT NULL,
    "code_id" BIGINT,
    "points" BIGINT,
    "wallet_transaction_id" BIGINT,
    "delivered_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_distributio_run_id_742cdf" UNIQUE ("run_id", "customer_id")
);
CREATE INDEX IF NOT EXISTS "idx_distributio_run_id_7cb8e7" ON "distribution_delivery" ("run_id", "status", "id");
CREATE INDEX IF NOT EXISTS "idx_distributio_custome_a23ea0" ON "distribution_delivery" ("customer_id", "created_at");
COMMENT ON COLUMN "distribution_delivery"."status" IS 'PENDING: PENDING\nREWARDED: REWARDED\nSKIPPED_ALREADY: SKIPPED_ALREADY\nSKIPPED_INVENTORY: SKIPPED_INVENTORY\nFAILED: FAILED';
COMMENT ON TABLE "distribution_delivery" IS 'One eligible customer of a run, and what they got.';
        CREATE TABLE IF NOT EXISTS "distribution" (
    "id" UUID NOT NULL PRIMARY KEY,
    "campaign_id" UUID NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "schedule_kind" VARCHAR(16) NOT NULL,
    "schedule" JSONB NOT NULL,
    "reward_policy" VARCHAR(24) NOT NULL,
    "points" JSONB,
    "next_run_at" TIMESTAMPTZ,
    "idempotency_key" VARCHAR(200) UNIQUE,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_distributio_campaig_efcc2e" ON "distribution" ("campaign_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_distributio_status_d7c7d8" ON "distribution" ("status", "next_run_at");
CREATE INDEX IF NOT EXISTS "idx_distributio_created_8282bb" ON "distribution" ("created_at", "id");
COMMENT ON COLUMN "distribution"."status" IS 'ACTIVE: ACTIVE\nCOMPLETED: COMPLETED\nCANCELLED: CANCELLED';
COMMENT ON COLUMN "distribution"."schedule_kind" IS 'NOW: NOW\nONCE: ONCE\nCRON: CRON\nDAILY: DAILY\nWEEKLY: WEEKLY';
COMMENT ON COLUMN "distribution"."reward_policy" IS 'ONCE_PER_CAMPAIGN: ONCE_PER_CAMPAIGN\nONCE_PER_RUN: ONCE_PER_RUN';
COMMENT ON TABLE "distribution" IS 'A campaign''s rewarding of its segment, now, once or on a recurring schedule.';
        CREATE TABLE IF NOT EXISTS "distribution_run" (
    "id" UUID NOT NULL PRIMARY KEY,
    "distribution_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "scheduled_for" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "snapshot_taken" BOOL NOT NULL,
    "eligible" INT NOT NULL,
    "rewarded" INT NOT NULL,
    "skipped" INT NOT NULL,
    "failed" INT NOT NULL,
    "lease_until" TIMESTAMPTZ,
    "claimed_by" VARCHAR(200),
    "error" TEXT,
    "started_at" TIMESTAMPTZ,
    "finished_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_distributio_distrib_6a61cb" UNIQUE ("distribution_id", "scheduled_for")
);
CREATE INDEX IF NOT EXISTS "idx_distributio_status_fef4fa" ON "distribution_run" ("status", "scheduled_for");
COMMENT ON COLUMN "distribution_run"."status" IS 'PENDING: PENDING\nRUNNING: RUNNING\nSUCCEEDED: SUCCEEDED\nPARTIAL: PARTIAL\nFAILED: FAILED\nCANCELLED: CANCELLED';
COMMENT ON TABLE "distribution_run" IS 'One occurrence of a distribution; claimed by a worker under a lease it renews per chunk.';
ALTER TABLE "distribution" ADD CONSTRAINT "distribution_campaign" FOREIGN KEY ("campaign_id")
    REFERENCES "campaign" ("id") ON DELETE CASCADE;
ALTER TABLE "distribution_run" ADD CONSTRAINT "distribution_run_distribution" FOREIGN KEY ("distribution_id")
    REFERENCES "distribution" ("id") ON DELETE CASCADE;
ALTER TABLE "distribution_delivery" ADD CONSTRAINT "distribution_delivery_run" FOREIGN KEY ("run_id")
    REFERENCES "distribution_run" ("id") ON DELETE CASCADE;
CREATE UNIQUE INDEX IF NOT EXISTS "distribution_delivery_rewarded_once" ON "distribution_delivery"
    ("once_key", "customer_id") WHERE "status" = 'REWARDED' AND "once_key" IS NOT NULL;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "distribution_delivery";
        DROP TABLE IF EXISTS "distribution_run";
        DROP TABLE IF EXISTS "distribution";"""


MODELS_STATE = (
    "eJztXVtz4kiW/isZvEx1BFPR5SpX99IbG4GxysU0Bi+Xqq4dJmQZJUZtkWIkYRc7O/9986"
    "TuUkpI3Jyo8gWElEfAdzJT537+1VhaOjadt+2V8TveNFroXw2iLTE9SF1pooa2WkXn4YSr"
    "PZhsqLYy1Cd/0IPj2trMpafnmulgekrHzsw2Vq5hERjcRjMb65i4hma2kONa9BPSHKSh0e"
    "f2Xy8uPyLdeMSO20Q2nlmPxHDga9DDBhmug1Y2nhvf38JX6daMfpdBHg961zUx/rnGqms9"
    "YneBbXrvv/+DnjaIjr9jBz7+vUG/SnOxrmouUBh64x8wZPWkzg1s6gkU6UV6iZ1X3c2KnZ"
    "tMutef2Ej4Fw/qzDLXSxKNXm3chUXC4eu1ob8FGrj2iAm24ctjAJO1afqsCE55/4KecO01"
    "Dn++Hp3Q8Vxbm8Cmxn/O12QG3EHsm+Dlw3/5Py02TFX7g7E6Usaq2shwFX5CiiX+qZlFYE"
    "YYxAXw/vVv774RIOxsA76g87k9fPP+408MAstxH212kcHV+Dcj1FzNI2WMiFBm7xmcOwvN"
    "5uMcjE8hTX/oLhgHJyKQo6kfwBcAdARIG0vtu2pi8ugu6Md3P/9cgPGX9pDBTEcxnC26Vr"
    "013PcvXXjXAO8IX299VEE4ojgMxtvn8ckQfn9RAuD3F7n4wqUkvN7WVAXeiKJ28H78UALe"
    "jx9y4YVLSXhty8zZHRSyXjKAu/QHaWSGM0AHtCLvFI329W2330LsbUq+dJWvyrCFvPcpuW"
    "332zdwwj+YktF4MFRaiL1NSbd/o4zGLeS9p5+spfacj2W2nI/5O87HNMuST9gk467pFddY"
    "Yv7KSFKm2Kb7pG+DA3GYWH610D+oD4i58VdpAfTj7i3laPv2Dr5u6Tj/NBl+7bECVy7Y2U"
    "3q7Js0m8KboK/d8WcEH9H/DPpK+jEdjhv/TwN+k7Z2LZVYL6qmxzaU4GyAWoLrpua46trZ"
    "ie9p2gNw3v/JojD+TBgdYFLIaRs/W0878TlJKbksMpeDvfhho1bTgzKEe6hE58PfLQoQ6J"
    "jzJ67+E+GVRfkTVYWNR0KV+Iykk0I1o/GfJbLR2egn2tpLqJtnJxeFgP5x7DIQ6K9A/Umv"
    "12B4P2izpxfN1tUE8HDFurBSZ8Kx2UvLi2X6jEa0R4YR/Bn46T76HW250ii/GhxbTHitWW"
    "SNmcVHbTfHEGTQ6UBc4xmjgPQ3dP+MbYcOuUePtvXioBfDXSBMT27QbKGRR4zeWPQeS8Nx"
    "jRmimM/Wto3JbPMTxzZzlK8oY6ihU91dM3Toke068NSgg+IXMNGj09KwIw07YmrFF6XMOh"
    "cFZp2LrFkn/ssyII/xdzfH+JAkO51q3HiFyTtW/hgn5K0A0Te37T9+SshcvUH/Jhge40Cn"
    "N7hKAf9E/+WuFomAVmiLxHV31BlM+uMWCo6m5Kb7aax22sPrFgoPp2SofFKGw3avhYKjKe"
    "kNvrV7428t5B9Mydd2r0e/6m7Q7Y9HLZT4OCV37eG4rwzVL4NJ5zNYOlIndrFpXJQxQ13k"
    "m6EuMmaoGX1Uq/C83pXziRsIzf5Rt3/TU9TO4BrMTNGHKZn0u/898T5QPsY/TUl/4FP4B2"
    "KYoqjgQCUM+AU7si1xA6HZNrhT+i0Er7CmRmP1Svnc/tIdsBUV+0hXaPeLorY74+6AEsQ+"
    "TElnMhoPbtVeF0yKsQ9iMNPGIKFnOfm30aCfZ28IKNK2BmPmov9DpuHZ4cVg4SGeeIBF8R"
    "Mv/XBLyXVwg/QTL5DdqwhzcRqR182ufqQybqR8L1J6akcaTgbiYotaglAa1EQ2qAXKakUO"
    "x8gkf0XmL3BA/V+LVNJ5E0QnVMYm486x9LFje4SX2NXA5lBFEIjTnF4UiBlzHtaGScVJ5y"
    "187WvYc44iIBjkGRPXsjeqaSwNzhbXJTnmCA5lij9gCz67fY3+XPr214t3H3758Ov7jx9+"
    "pUPY7wzP/FLAI6oYp2N41g90gi6wTqFbkyoAcyh3Aninif/zmcBr0p3eca3Zk+ou6DRfWC"
    "ZHzciFOIdazuMs0H9aBlEtX9FOwntlWSbWCB/iBF0K2AdKeKwJHNiMT7tHXw0GvcQefdVN"
    "2yUnt1cKVZ/Zhk0HGZ7/Kws4xNUu2W9z1BW21RnXhJU7tfPI5dzOQv2smQaVMeivUO21iZ"
    "0q8gmPVgw5Bb6vNnIKw1bF31d0jMN1nBTYkji0e7FIsOVwal5oq5VpUESpRrWyLX09cyut"
    "mBxyuWiOyagZxe7Rso1qm1vuDSSzDs4sBz8uqUJVMWQrSSXjtTLGWT/eZBcPUkR9QvPO9b"
    "D9aVxxTntELcTepmTU+axcT3rKdQuFh1MCnqIvSgt57+BpmoxgiPfOotPv7hiNdzAlyh93"
    "3SGc8Q/E8CV5MWO7xLAmKaVJVmSTrB+kVkHhiVGczkzy7kw0HJnYkQ91fRM71it9R64nKS"
    "XXReE6Z+/0f31srXuSeuXg/ySZFCU5YWQOBgWoKrAZSokt/+kkE1YOjWywj1dGNkMokS1O"
    "BfJ3zyzGlROBOrFbnSWy21OBko+aRCLQkD7+ht3OuJG3+x4CYfo2Cm9WU4wzT50yMMuEts"
    "MntPH3YwnwVoAzz6DKGYMR8AsDihNxUL/yCT/9PsSmlpNck0oE/Bzd7MzUnjzosyErM4YF"
    "Z7etAthddKc6gXWKRNRgjhXko8am4fa0VDW2Aranpw4IDrJBXQtpYfpoC70sLPRGQ09400"
    "SWjdwFRs5sgfW1iW16ERP2h35qsmN41dxsaurhb1+qflgAhbebVM4zvTIe86PhSgYO+ftc"
    "0ax/3fRHz/D4HxcX79//cvHz+4+/Xn745ZfLX38OLZDZS0WmyKvuDVgjm3FbSGCezM8/rX"
    "2iXmeotMfgWvEPpmRyd+2d8Q/AIdMeT0Yq1Un6N55fJv55Sjq9QZ/dgr1PybXSU9gd/ANI"
    "8mO1hq4hyc872sWFc4SUPLb0K3miYyTS93xw3/Pctpbqfs7S1C12Wn2nkVN/KG+pa+3J18"
    "QNJFfF4Kpjre0ZVlMCTemYES61NPBJl2m9nWdlXKZUK7LsiuspTiNXUWoV7bZFHW5vEm3t"
    "HMn7ENWe2tv7EN3qPKEt4X5ITK6EVbHTHnXa10ojuylIg+1WYOMboWDV3XyXGteaFrnbis"
    "xosVEliu3TqTB7opiigLCFTOsF22hhUMbbs8UG+cHVaG7YDsdGtuM9thvCZG01WVtNhNpq"
    "RymZHy6NLMS5ttsEzeliR49vxT1Y+GiwE3mwcCdvqXD65E2EttD+DYqctRB7AzNApzcZMd"
    "tBeDglncHtLVRi8t7FMA1ItTUf+vqqrTLSt25cz4v0zWiBZaIfAo1nT3d+Bd3wTDSY47ry"
    "145rLZkMntU6gmvFWkd8VJkWX/74JnqiU4ZAny1rbSNDRxrRkcVGaqa5gQvgWp9R5YG4f3"
    "EQDL737cKGfs9t9HXIe+/W7gtqReOlZpiyQPQrKzEhO6toMgmig7iSBNJmjlIpWvwGa0er"
    "DX0CdL2tpAK8IYHAftAdAX5/UQZgOqqgv1q2f92iYk29kKB+AH8og++HfHg/ZNCV1fSEi6"
    "MBAdpd8+o0fTItLa8IWYwoxZM5UJ3fzC+A/Xowueop6G6odLqjrs+CUKdiF+FUVBhrqLR7"
    "mZpv5HEHmONUEucSOEtTUv7efp5GBWlK+hG5flBTkkwOEcCipEDp3UaBWckb0CxjW1JxOH"
    "arhWlECdwFuKS10B6EdENvel3EvJ7u1grbLjil32gIhCRkPfyJqWxpzZHmoiWdt+jdR/T7"
    "Fadl2RHuX8rSFEDhmSYCLdqasVYIetinjHehiRLkMqNEzIwS8S0p5+13Ty2JKmJDirSGcs"
    "P5yglZ8dDGM2w879hDOEFaQ0afqYBYRi2InrtV7E1JKmlxOrjFyYAq35YL/ZrUJ1ypzxOH"
    "VDplSrgNPDcWH+kSUVAhtciiRaN9120h+jIl3du7wXDcQt57WmR/pSCnpMBeOqsgSSazCr"
    "ZkFcSiD/bNKojd6jyh3Z5VkJxc/KyC1wl/Z9aAvsfVjMkgutgsMhcwK4EaqEWlGpwzEgQk"
    "CAY/YR0UdBNrVEOHjiAttLBeEP3VG9DdQblnFA7SbIygWAWmij8El1DF3bARyITIWWmE2+"
    "r8qF+2R1C9DPc+vNqZr+bn9FgqsrPUr7nSSUwtseIBkHuiOhiTHXTCDHENtcIz0QJLqf+m"
    "tjuv07SS1cKxuoJL6OgCy51nO+Am7SUHlBBcVvGxJSJpXWv1V5OSmoHDYQM1qRDMXipOUE"
    "EhJnA0mYCB6CjPHwF8pxIGetEcjwCcF7yQ2uN8CUdYiVwXvqL/pxMsvH/skx0o/RfSf3HO"
    "gmSs4lg129k+9jKx0T2KySzabipgnCCqIdKHMYsJ8sQeeX2oeM/q4FLhU9qJDSqTXo+Zvz"
    "+wuTgtpCHTeMZobpgu5KhYNj3jqfXMwQCjl3j5QMdyU+33vd9uCS0yi0Wm4otgmznKph//"
    "ZRmQx/h7jtyYIqtBKkuRUqj8MS72CYY6YW/QvwmGpx2FKVmm7tVTP3V7Y2XYQt77lPS6o3"
    "ELwSvUUe0N2tdeIVXvSAyXFf1zBjH4iyHff56kkk1rd3eUy4ZyDdlQTgYBydwAyfXKDeVk"
    "ey7ZnusMkC0KZZGNjWRjI2EAFq6xkW+iq3lfI99edxCobtm96oTUCazDBT2NsjNwq614v4"
    "5G/k1Yx6F4NyH0hv0nf6zDLL9h5Jg/g9DSesY6J3/tWF9SxrocoCKbG+XL6EK4cmtvnivT"
    "3OhWub1ShiO1fc1sdYmP0dWhcjv4Er/un4hGeFHp8SHBmV3MfrLVUe1bHeVEiB4pPFQwAV"
    "VaAaU9SPZIOcnmVcEKlJTcyiKapJK5TMUGoFh8yZ7GiVg4y3kCu9U8kZxZsj1K7dujJG0a"
    "+dp5ZPTYrpwvo7EVChcjg1C1GTz5oBIHHvxAjy4qS1yCkhsYnZzsmVIuuXVipHYtpnYtU4"
    "OPIqNQ6XAnOT9OJ6X8c5LypVQqpVKRpKcyUunriE8d+saTmtj5QmFpFowoIyLRsW/RCNtQ"
    "+g4+OGihPWPIErNs3SCaid68e/vWtVzN/Ok3cD5Q1E38VxiKggYgf/FIKaWDiEUwV6I62h"
    "flCGDwRQFbvS+QWWnnIWwleFf+EREjkrYgwfrl1hNVi1csPD/RIxgvsptNpFQPwKtq+bE4"
    "jUyoKYNy8HDMgJz7tItRSPdV1n21sEy9sqUgQSQ32lTHF6jp7Sx2MhWkaQ9gLjgfjEWyDn"
    "BiwrPmAfx9ZdDb7cDnJKXksshcftbMNUdyys+ZCsbLx032cWNjHeMl3d+qxqBkCWtTq+xg"
    "4D4ac1d1VlxrWpFBIElXG1xPXANOBgLlM6ReLoIK9UZk0xghgu/BDD2EkNJGjo3au9jcZq"
    "hW7XDc9mh7T/F0WFMW5Fn80IttuC5mnYM15HOOBZpq7myBXIiLn1nLJQzSkbagy4aRE4Q1"
    "2zSw7Q3kRN0f8cumZEpuImq4K4aCa8/0jIkYIg6EHqw0+tnE5m/onmHl/QrPSH6PLLr8WT"
    "w//Y2Ukn4zcY3HtbV2psTX0Z0morBa9gN0v3kDhWiZf4N++glK0joY2daL8xYN6Ssy8dxF"
    "2tzFUJVmZmsO/UfYNOkHurjXVFKI/eMpeVkY9C/7vxXK3Wom7EmbAKOStnmvVKe00Av4IB"
    "bUQi/o9runjSO5DspL8Rm60wmbZ6QknTY+v45oVpDQji12eE7kPLnDv7pd8HCigSUc5SvL"
    "MuFZ7vHU82DTx7LhOGus3yPDgecpmq1t+rRFcckUafozRFkgzbWW9KRpbnj+8YPff4/q8r"
    "JOnKwTd+5urfPKh2zcKH1l2A4SDCukRYaELRQeTsldezjuQzEz/yC94ZRhy+GrlVF1xqXY"
    "qVVnfpruIA2lXvuZfAL/OQXUwRyxp9wqiJGfcCG0e3ef2/3JrTLsdqquhThtC8U/TQn7dK"
    "WMwyvseEroAEjwbSH/ANKK75Rhpz1SILHYP5yS3uBrcDY8nJLOZDQe3LaQ9y7GKvOCztVC"
    "7heFq6v7Ml7slXZZBnA6Kn+lXWYg9+9eXr+ICE6nYPwqsHaR7AmJ58b3Ss+HkKIGdV2T0/"
    "WyzHPhMv+xcJl5KoCUWhXfiEQCvB1gzXWxzakJWiTghCT123GP0lmBmcArbLjh+Nr4Yg8Y"
    "QED/kwP/vTycCRoJaRpSz2pTAc+IQIKZBtO0XlQql86eVHdhYwciJatIWnxqGUkkwy1kuE"
    "WlcIsgG2TPWIuOf5vzW2+vEmfRJdCszbI3bRPbboPj9EiNaBY5PoxgrKqFg7c6P0awfSbC"
    "IFjfmmA+oDkECbgWa38bbrKs+qAN2X1r97egx03YbI71p8u6QY76TfxYhJm1ChNGArsvo9"
    "kvFkG6Sw7tLklwqqxilSCqYd7Vr2VUq1/zNatfz9xvUh3oRm/wVR2NB53fmSHXO5wS5Y/P"
    "7cmIuVHCQzHMud5mlH3kFgQ7hSR1il44ceyxTEKWScjngKr2rBneH6y0RSTI5Dax8zZRYJ"
    "Iogr+utgiZICIMQ35Yi8UxtfF4oghHFU/lkeTr4avUwJKVetCjQfV3rwtAskRh8JTMK71T"
    "kpKrI89iFhvHWtszzEoVNlHykqHj5cpyMZltmMZVXOmwmViDiZvlXZaNbgXTyKWIfGgRea"
    "ERwtP2CmJ2IpJTRmnddY81V5P69McyvRM+5vdO+JjpnbDErgZTOgtyfvOEOI0Y3RPga2vT"
    "PSF6qFSY+Ami+kVNHCUiNP2IrgA3h1SCXgr0Py2DqJZvL02piJZlYo3wEU/QpbB+oITH2m"
    "4CWeW0G8vVYNBLbCxX3XRTchag++Ydw54OMlypFf7gWqFQ5kXReH0gkRRS5apmW8eIpG1x"
    "d+uWLDp/iia+MRNGEuLK5bIrhLYICu32Lr7J7XJ7G5dgNh4C3tit6gpvcu2WgJdbg7Y6tP"
    "5t6gpr9DwSqcT736yHBseKDKebRdbjP/0BJazGlFMuBFTBD360rTXR0YtlPyEoBQNRVCvb"
    "gq3S4dmNK9GWaibrau6a/ZUF1mz3gQrbzLor7bivasfND/nh43wOYT7CmBujOb9LRFVEfU"
    "Lj7n9PlEn1RHSPqoW89ykZTvr9bv+mhfyDKRlNOh1FYZ15w8Mp+dTu9uCU957ehl4n5grq"
    "bi0rtdeNKKR9+OD2YZnsdcDkWmtGH9mVkpMSNBLSTKTgejbDWK8EaYJGQpqGdK4ZZiU8Iw"
    "IJZhpMbNuWXelhFlGI8TCrVat4qKVpcjwT+eyIKMRgR61kiyV9smmPHBvKGH/P2WxiJDUo"
    "h1DkAlL+GBcDHnqAeoP+TTA8zYVUwLLr4uXK5WxI+cHKMRK5v+e5Ox82VR0FaUIZjiUdyd"
    "KR7LiavRvXk5SyB43IPWjmBtm1pVSKVPJZZD4nPA0VGZ2mlZwWjdOCpIV8tewnbH8OpkuD"
    "49RLD2kWOfhe2GB1kRi9vT0Gweh+ZVtLC3k3uEe+6a6JNAcZLjI1x0U2XlnwmAIfHjbn6A"
    "20gAA/n+NaqxXWfWKvqYPnK9V/4vTHOPa3lfEo0gFeZzD4LtXBmEiH4qnk5HyHYsiVsh7F"
    "kEBkl2JjvMB0lv4TsV/LyrF7cxdqlTzjrAu9VMTx5WWZiOPLy4JypJdp99XCcirVfQ3Gi4"
    "z+rhHdx8B3xdtG8t0n9QuEPJzvRBxdSzSoz100S9QwiT+dKzI6TStZLTSrbawbDkTkETzj"
    "1hQtzHnhUJ8w82UHmeAT3AS9LAwzIRG8aBAgN7dsNIR/BHnXM2uJWShdSTnheLkygihNHe"
    "ixxOR6Th8f71KhkgT9a5eMEV4HW398iaBI01hCZKONHtY6VS6QT95kzfR0r6/ewwb66ekG"
    "UGkmciirKIshHgsvMWURL2DyYPfdo3eP7CrjS37vS+XyvS/I5Xsf5PLlazprbiRNUWrMum"
    "5xNCdIihFkwxqGGw5vz4pdLbltlbfqsHAhx5mvTeR17UbQ56vFnjiWrcMWA4deoECTBWi/"
    "QC9Suht5W88beBTZlmkCEjnGnGN8SRkbTrauB6v2UVwrhJX5zLmm0c+cS9Io9KpGIQFzzw"
    "V6Wh2nAdRrJxCej7ejQlRAfOspC2mcRuKZCgiKtuuycMZIJJrpNW/bsFFW2V/jNDW0Ab8v"
    "owfkawHpXVVb8psJF5bbXNaxofCJ8+F1w8np41wEfZxKgr8z+N4MVrW5SwWDAFNeK4itq4"
    "B3D8mYnRnzaMxd1VnhqusiSScZsO/K0Hku7xKrQed6viUDyjOAGSey2OcnVIQEp8+neB35"
    "USay1Al4sLZVyucKCcTIH6pVOpcsJyocS86w5EJYD6EiDxr8mgrDQa+nXKtXbehyE/uQtv"
    "uX0Z4PX10hcBGoNtYci1N4Kz/1jkNahyqkp87BC2GsaIhP00krfAkrPIAGWXaAW/Xwpyy1"
    "zEIQOf5J5gzmr7V65QxWiEqIRUIahCe7V2mgGgUa9OjNznAe/DuY+ek+qkntco5tWzP3Bs"
    "u7TZ1gOk2MC5tchXEuwfQrFaJnBoNLBbwYVDInrvGMEb25aUD6EPSqie7HD2EpR1YqKCVW"
    "59SLR/FLSFYLIymy/5VNC/D3H3HD7k5o9MsPL5Hlv+tT/lsw8VR6O3848KVT7ZUZEJMcqm"
    "3oGUK5pRfXv0/GIydhrlxHPBkEfZ7wbq0mnpliItUUDxUerugeKUNFQntsVIlsmmC812fS"
    "miONytz6szWjnPcjyakg/rCh5y2Qt8P+k7wUmv1utkfejAwCP0UQuJTS6yOliwblK0X/+J"
    "tT1QjmJJmc0Rn5jz4HcFVUk1QSVFnP8Af1TUhVSqpSAsB73qrUyKW3of9yhF2XvnkzJKVS"
    "ZcY0i1Qrxx+tOvHhW3UsKDy1sq0/8cz9i4OCmyB7bWIHvbEI1YysF05WbwW6A2tOP4rTY8"
    "9CSPmKkqfqwl93VFZWogLGXNrTifjvz6VwNvMRzuCvVoaYR3o6hC/PD2D8fWauHeN5L6g5"
    "Nzkd6O/OBHTQKh8te1MZ6CxhjZx3h57TTGRZcptv5odP8mhPGGR81x6Ou+3esSyGxw4bdi"
    "wbZKYqgMdITohzhyp9N4PhN/VzVxnC//l2GsgvyjQvvMhvXniRaV5ILBXP51R8rAJ6guiU"
    "MfS/d+/OdW7PNHO29mLZ1AfNqbSr8GhPCPt1d9QZTPpj5Vpt38LBuU729Urf0TqWpJTWMV"
    "GsY5yA7TCAUoB6Ym2KaoNjU2Dnm0V2BC0YUco9+wguQ2vOqnc9UPmZYIeq/5pXntDeNBE9"
    "NFz2rhswE2Yux5iw152kY1YAy2WzwN4gy0YetRBXRUVhto9yIHB+1btS4L4rAPddFly610"
    "MX+iy++WmEMRLZwa9y9iDImu6aN6M/mZaWA3mcKIX5HKjOz7JQAPv1YHLVU9DdUOl0R10/"
    "xTmUethFOBUVZh4qVC9PoWyRxx1gjlNJnEvgDCK5+r8WqbRBJ4hOuIVMxp3TqFcfy6hXH/"
    "PVq48Z9UoWShCuUIKMB8lfDeep8ZaJB5F2jrpx/QB2jpg47TjGI2G9CLLzo0rqbTu80RnO"
    "hFI5yqyq754ojeAedQLoqBazaErx7GaJCVdgPUuOK2FDC+LP/+JAdw+NoPZdFz3hDf28Mr"
    "UZbrE0Bbp5NJFmmsibF0H2AjsNZN55nmXt4Pfn2Nv+3nDWDxAKpD7RKcPEYv+zZzMz8TP2"
    "cj584yK7m5fvnEiNLriNTI4WMzk6zbKsmlOiLlbqHiIXim506LOy3b3pt1BwNCV0Tam/K9"
    "9ayD9Ir8NX8monFmFZM3eSSsblpm0nwV62y0QPiYWe4e2h0qZTmb7SmU1f1Xavp47Gg6Ey"
    "8k7HTkwJe28h9rbLvL8oZxQvsIlnTOJS96yZFlJG93y1Xg+i8fgw+5xsRXLUfI5AEt4zky"
    "Pw55/nFN2awxFboInsDfrgGQ+7nXEjO2UPAGpZvVnMeboV1PgqzUH1tZJiAHduJozPkKL0"
    "l2BICZ2bDf4Nuss9YPBqsSaqkLMC842nRG8n4GrFwSJnfyet7cqolB84KuW1xUAZlyLjUm"
    "RcioxLESteQsalyLgUGZci41JkXIq0Dcq4FMn1HeJSpEX4aBbhR2zNMZlVNQqnyKRdWNqF"
    "t0F6YLtwMAMPgOtN7FZnOVu3QptarpUNxK8d7XcmsB81li2cpRxbenwG55vT40umjEUdvk"
    "Rn1nBEVQfI4VxqK54lPX9gmdYZS4OocasK09+Cz/+AXhpsRNwgwIaEJ6pFkUmre72s7gKZ"
    "hY9ic98nBu88Yu+6w05PaSHvfUruBr1vN4N+C/kH6Q3ndeLu6Ob5J7f5ZL7VJ0ayl9FHzK"
    "ff6aw7VEbAtrqTtZ5DK43JJYzJAW472e55xBL1Eqjbmm6sHXVZCe04kUS5BMppebM00mnC"
    "HdEWVD8/Ktw77SMZSgl4KcDj+lMlvFOEEu7ScO82v9OUEvBSson09tXM7yO9fT8i1/O8fT"
    "tloZ8ytVpMcfm01uivmmlibla1f6VZZIl+icaUau8cNG2D/GYL/jf0aYZQ7ZVtPdra8jek"
    "IdPaaKa7QTP63+g41g/O0KG9M/1LDoR5u5bFbwN92Ntzo8ZTHcmCbwyToJPNpNNXpXFbdq"
    "ATbLvZM+4gPsWrwJokk7CK0NhPrED9V+nq96CZGjcYoQj3GNHp2lIcudnKiXFfYaJza/wX"
    "4R4jkrjvhrvUwfMZcp7amNTBf0SuH0AHP76WeedpYY1cZTMY0Nyuc6qr2NhSjfSC1nusfB"
    "bqDb61e+NvUD/ra7vXo7PmbkC3x1FYkgtpDh3mq5H+l/E77R3ixlMyJfewTFTvwn0wQLMx"
    "erFsd4G8y9oSSu7fo6VB6DfQVeM6QWH+WDGx2dq2MZlt6H3v6UatG3T93XvV+h2En7G98e"
    "7PjlEwoom0R7oQHBfde9+uPqx1qvze71vKXzzd68fQeWMTKot7fhvBJNUJO639fC4dBGNL"
    "sZrImiKsEbanVhjiG1RFtSFNWqN2d6dXH9iTo6KdIkYlFbfdkDep6OfNYNVd0CfCwjIrci"
    "HvDnI17LcaVPx9ZdgbVdc2VZ66fOIaMeNwjU4ZUo4HFd7NdJG9wQF0WcFwP1/VNWuxwJpN"
    "oH86a2Ge5Xd+7HaGUIy0ffi+2qTtUx3SMXgh9bmbXYxCNnJO72/SOpcPtbTOHc06N7Y14m"
    "gznyU5Frr4oGYJK52bGl8qSmRpPWNIKAXDlm8Ge3Mf2MUMB0HCKdZbvt0KYj0cwzWe6d10"
    "/AAnCH7U4ASnm+UR7l8mN9KHwzNkQTQIpEM61tr23Ibekayk/9qyfL4pLcHAsgbMBJGMcf"
    "jhEiKHynV33ELe+5RcK1fwkb1NifLHXRdqs3vvUzJUvijDUbvXQsHRlLSv/zYZURLvPb2Z"
    "vU4CJeWIu+bI4CW7SYTUJ6xSdjcYjZXriuK2TwXpq/A+JXdK/7rbv6EnvIMp6bT7HaXXg0"
    "HhoRhMyjP6b7eLnlYmr8lzIxNApGpzF9vV8M+Q1sj4c2Iu2HhJf0HlgKIEmbRM74a9Z1Vz"
    "dlBfk5TSICeOtpo1yGnPmsFg3oHPaVrJaZE5bWONWy8jvy5MRFGDYtZJSe2yVGWYy4LKMJ"
    "fZyjCRHWAniTqkFloZojqQQudhFwrCRMdUKepC2bKriXcl/omqSF+UPtV+2NuU3Lb7E1CP"
    "vHdfgfrmK1CidHULDTkV1kuC6CAl9l9b6Dt+NSUbsgCxXjlHIkknJexdpTxDx8uV5UKQof"
    "qEN1WmO4e0bn0ljjLltZlrVc2zitPI4q4y96Hefra83AdB/GzX2DQg9rrBca+F15pFXjXd"
    "AMY9rIGfUPo1IinlWKMEjwa9VZgo7YWs22vSRBrR0ctCcyGUfIMeLZfvO6t+C24aNR1fKo"
    "M6GhcZjgP3WSqHNLYopRNNTCdaxM2yz6+IQrrP0o8v4ZIq6gGrTGg/BqwWeDa4ikI+pnEa"
    "KbyevxfWc5tWNNQ1sm7XofK1PbwGr2twNCWj37t3d8q12u4Nlfb1txZKnYhGdPtgThoMY2"
    "PCU1Pyqd1l/lzvfRej0kWZTlUX+Z2qLjKdqoQoBvHaGskrZhlVA35PN7rEvcWLHqw8/3Nv"
    "IbmyK1d8hXMnk0maVvr8RPb5SdNY/tKTprFjmMZihq0GzzwWv94sayIrZxlrxysn2Bj+DJ"
    "0AYNeCWG8HP0KseBNR1JoIVBIo7WARMHphqLMAY53ZAutrE/Oa6hz25mWCzdM1CmOGMRZ2"
    "Hgr/BH93VTCxBJeSq1dWLXz1Cg7SyCO1Zw++dmfc/aJUVZ49qhby3qekM7i96yksrDk8FD"
    "mOOdj71H2SBTI3ETpQpj/42kL0ZUoGlBUtBK+URUMIj4HXKblud3vfWoi9TclXRfkdPnrv"
    "YrEty7H8TN04jRhJurXqre3JHurKMo1ZTrjG9pWUuckJN0BYB+qdMlQ7VMhtd2/6VffCzA"
    "28tZU45S06dmo4iQ+gn8QwBuaZpPIXVq5BSnYvq7B+4rJyBvxinThFKk0fIps+ZGDbyQPb"
    "Aq3zYVNVzUkTSi+hDHH7Me14soBInbnOeXKJVEAkbp0drrcacGFIs3SYo72uUDrEmvmlb7"
    "EXlxi/029oZmoGdDh/2NBLL5b9hKGErk5fNWRizcHQ/oVS4xcHraAw7mJNnvhxkMf6Im60"
    "ZAIPPxzS15Yply2bEzgZ2ag4I6VB99UMuhxWloWcQyoNuzIo8iT28sQeUlGoyBDXUK44Xz"
    "kiKz6eoXPkcKGFk36fnfEPpmQ06XQUhUUbhodTctcejruQjOofpAMHhfapEG3lLCxXdbUn"
    "zEnsvrIsKqOQnMWcIU6x+YFSH4vP4ZnTruCrwaCXWLxX3VSsVH9ye6VQNjAuRE1vOcUx/P"
    "SZLOq5gWxxktrUJDlcJX7mkeBVIC9IAY5IJKBpQJ0nY7WqhGeMQsKZhnOuGWYlNCMCCWam"
    "6D2ozuqauIZZVQhNkUofjMgSqG8+UR8quV+SVLKORinfC7ZtnkY3xt/zxJGAoA4AFy0a5Y"
    "9xYr1knMjhmukN+jfB8LRnORN3Zu9mmU9Syu1L5O1rbhDDWezE5hSp5LPIfJbe1fwn13n6"
    "2QTPkmhj25gtGhz3mn+lWeRV06Ix23xp+XzeowskzyT/oxTe2FMFyvcn5fZeyZeT85uvCB"
    "UIvauUfHlZRkq+vMyXkuFaqvQWXVQVEPaH1xDdd6V0kHcFOsg7TvyXRVzM66SZH9MaIzl9"
    "rPiZR7W+6sPs3/8PIbxUKA=="
)
