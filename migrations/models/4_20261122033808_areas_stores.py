from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "area" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL UNIQUE,
    "code" VARCHAR(100) UNIQUE,
    "address" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "time_zone" VARCHAR(64) NOT NULL,
    "metadata" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "area" IS 'A region of the business (a country, a city, a district).';
        CREATE TABLE IF NOT EXISTS "store" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "code" VARCHAR(100) UNIQUE,
    "address" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "time_zone" VARCHAR(64) NOT NULL,
    "metadata" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "area_id" UUID NOT NULL REFERENCES "area" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_store_area_id_d9fb8e" UNIQUE ("area_id", "name")
);
COMMENT ON TABLE "store" IS 'A store; it belongs to one area.';
        CREATE TABLE IF NOT EXISTS "assignment" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "subject_kind" VARCHAR(16) NOT NULL,
    "subject_id" UUID NOT NULL,
    "level" VARCHAR(20) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "area_id" UUID NOT NULL REFERENCES "area" ("id") ON DELETE RESTRICT,
    "store_id" UUID REFERENCES "store" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_assignment_subject_fca507" UNIQUE ("subject_kind", "subject_id", "level", "area_id", "store_id")
);
CREATE INDEX IF NOT EXISTS "idx_assignment_subject_dbada7" ON "assignment" ("subject_kind", "subject_id");
COMMENT ON COLUMN "assignment"."subject_kind" IS 'CAMPAIGN: CAMPAIGN\nAPI_KEY: API_KEY';
COMMENT ON COLUMN "assignment"."level" IS 'AREA: AREA\nAREA_ALL_STORES: AREA_ALL_STORES\nSTORE: STORE';
COMMENT ON TABLE "assignment" IS 'A campaign''s or an API key''s place: an area, all stores of an area, or a store.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "assignment";
        DROP TABLE IF EXISTS "area";
        DROP TABLE IF EXISTS "store";"""


MODELS_STATE = (
    "eJztXWuTmzjW/isqf5mkqieVuC/JOm+9VW43STxx272+JDM7niI0yDbTWHi5dMc7O/99JX"
    "EHQSNfMdEXA0JH4OdIQueqvxpLU4OG/aq90j/DdaMF/mogZQnxSerOGWgoq1VUTgoc5d6g"
    "VZWVLj/4le5tx1JUBxfPFMOGuEiDtmrpK0c3EancBqoFNYgcXTFawHZMfAUUGyhg9Kn9c/"
    "PyCmj6HNrOGbCgas6RbpPHgPs10B0brCw407+/Io/STBU/S0fznbbqIv3fLpQdcw6dBbRw"
    "27//gYt1pMHv0CaXvzfwoxQHarLiEApda/xBqqwe5JkODS2BIr6Jb9Fy2VmvaNlk0r35QG"
    "uSf3Evq6bhLlFUe7V2FiYKq7uurr0iNOTeHCJokYfHAEauYfisCIq8f4ELHMuF4etrUYEG"
    "Z4prEDY1/m/mIpVwB9AnkZ+L//dfLVZNlvuDsTySxrLcyHCVvEKKJX6RaiLSI3TkEPD++t"
    "trNwKEljbIAzqf2sMX51cvKQSm7cwtepPC1fibEiqO4pFSRkQo02MG585Csdg4B/VTSOMX"
    "3QTjoCACOer6AXwBQHuAtLFUvssGRHNngS/fvH5dgPGX9pDCjGtRnE08Vr0x3PdvNb17BO"
    "8IX2988CAcUewG4+f78cEQPm+WAPi8mYsvuZWE15uaeOCNKGoH79VFCXivLnLhJbeS8Fqm"
    "kTM7SMhdUoC7+IUUpMIM0AFtlWeKRvvmtttvAXqYoi9d6as0bAHvmP5SlppDrspMIVf5M8"
    "hVmgXJL2aSETf4jqMvIbunJylTbNB80lfBSXWYUr734z+oDZCx9kddAfTj7q00Grdv78jj"
    "lrb9b4Pi1x5L5E6Tlq5TpS/SbAobAV+740+AXIJ/DfpS+rMb1hv/q0HeSXEdU0bmk6xosQ"
    "kiKA1QS3DdUGxHdu2N+J6m3QHn/VeuCuNPhNEBJoWctuCj+bARn5OUgstV5nIwF9+vZT65"
    "JkO4hYhzOvx9RqAhMuPsgSnPRHhlUf6ARVt9jrBQnlm5pFDNSPAniWxUGr2ipTyFsna2c2"
    "EI8B+HDgUBvwXoT3q9BsX7XlEfnhRLkxPAkztm00yVhHWzt5bNZbpEQcqcYkT+DHl1H/2O"
    "slwpmF8Nhm4lvHdWpF1R47WeV68goOPugBz9EYKA9D349ggtG1f5BuaW+WSDJ91ZAIgL10"
    "BdKGgOwQsTt7HUbUdXAcZcdS0LInX9kqFr2csjyihecFd3XIoOPrMcm3w1cKX4DYi0qFgo"
    "aoSipppSbrOUmqZZoKZpZtU08TfLgDyG350cZUKS7HCibuMInXcs/TpOrLcCRF/ctn99mV"
    "hz9Qb9j0H1GAc6vcF1CvgH/C831TAEtJXWMNx0R53BpD9ugeBsij52P4zlTnt40wLh6RQN"
    "pQ/ScNjutUBwNkW9wW/t3vi3FvBPpuhru9fDj7obdPvjUQskLqforj0c96Wh/GUw6Xwiqo"
    "xUwSY6jWYZtVIzX63UzKiVVPyplsn3elPOJxqoNPtH3f7HniR3BjdSC8QupmjS7/5z4l1g"
    "Psavpqg/8Cn8k2qoovDCAa8wyBtsyLZEA5Vm2+BO6rcA+SVjajSWr6VP7S/dAR1RsUs8Qr"
    "tfJLndGXcHmCB2MUWdyWg8uJV73REe/LGLajDTgmSFnuXkL6NBP0/fEFCkdQ266oD/AkP3"
    "9OrVYOEuvngEi+IvXvrjllrXkQbSX7xg7c6zmIvTVHncbGoXKmMWyrcKpbt2JOFkIC7WqC"
    "UIhUKtygq1QFjl5HCMTPC3yvwlHJD/YyIumTdBdEBhbDLu7Ese27eFdwkdhegceBYCcZrD"
    "LwViypx7VzfwctJ+RR57DH3OXhYIOnqEyDGttWzoS50xxXVRjjqCQZniD9EFn9y8hl8XH3"
    "5uvrl4e/Hu/OriHa5C3zMseVvAIywYp31y3HvcQRdQw9C5iAdgBuVGAG/U8V+fCLwGnult"
    "x1QfZGeBu/nCNBhiRi7EOdSiH2eB/tPUkWz6gnYS3mvTNKCC2BAn6FLA3mPCfXXgQGd82D"
    "n6ejDoJebo625aLzm5vZaw+EwnbFxJ9+xfWcCJn+ySvpstr6Alq0wVVm7XziMXfTsL9aNi"
    "6HiNgd9CtlwD2jzrExZtNdYp5Hm1WadQbGX4fYXr2EzDSYEuiUG7FYsqNhwOzQtltTJ0jC"
    "iWqFaWqbmqwzVicsjFoNkno1SM3dy0dL7JLbcBwaydMyvyjdjE2hFRH1AVcTNsfxhz4u8R"
    "tQA9TNGo80m6mfSkmxYIT6eIWDW+SC3gHYlVZDIiVbwjphoP7u4ojXcyRdKvd90hKfFPqm"
    "H38PybNvG3TFIK9WGV1Ye+QxXH4jxGcTiR/s2JrMZFEEI+1PUNQnBX2oZcT1IKrleF64y5"
    "03/72Fj3VpXcjupJMuGmznB5siFZrPMCm6EU2LK/TiK4YtfIBvM4N7IZQoFscdiKP3tmMe"
    "YOWunEmjpJZJ8PW0l+ahJBK0P8+Rt2O+NG3uy7C4TxYRQ2VlOMM1+dMjCL4KvdB1+x52MB"
    "8LMAZ75B3NFtEfALnSTGYaB+7RN++DyEhpITCJIKWvsUNXZiYk8e9EmtKW7BgNS6yZhtuQ"
    "DzDaT16J9ZHxSV/v8tQbqLWqpTjzpEZGkwEAsCTGNj9fk4Uzk2TTwfbzpAMAjvdEyghPGg"
    "LfC0MMELBTzA9RkwLeAsILDVBdRcA1r4JkT0D708o+fkV3Gysaa7b75Ugq8ACm/K5Q4cvd"
    "bn+e5tJT2B/PmgqNcfN57R087+o9k8P3/bfH1+9e7y4u3by3evQzVt9laRvva6+5GobM/i"
    "CqNAh5sfUFr7yLvOUGqPif3JP5miyd2NV+KfEKtVezwZyVhw63/0jFfx6ynq9AZ92gQ9Tt"
    "GN1JNoC/4JidobjQfUzBWcbWLn2kOMHR36XKblGIkwJu/cmDyzzKW8nUU51cRGo+8wi6Uf"
    "yqTsmFvyNdGA4Go1uGqbrqViMSa5oCmrAGVTCy2osCvX28JYxq6MpSLT4hxPcRoxilKjaL"
    "MpandzU9XGzp5MNFEyqa1NNFFTpwltCRtNonMlVK+d9qjTvpEa2UlBaLWfBTY+EVYsXZtv"
    "d2Rq0yKbZJEaLVarRDZ83BXUB4wpCAhbwDCfoAUWOma8pS7WwPeWBjPdshk6sg3beF4RJp"
    "KliWRpVUiWtpec9uHQyEKcq7tN0BzOwXb/Wtyd+dgGM5EHC7Pzloo5SDZSaQ3tLyRrWQvQ"
    "A1EDdHqTEdUdhKdT1Bnc3pLUSt6xGqoBIbbmQ19fsVW4Q9eN63nu0BkpsIyLSCDxbOvzUF"
    "42PBEJZr+mfNd2zCVdg2eljuBesdQRr1VmDy6//hl4wF0GkY2wTNcCugYUpAGT1lQMY01u"
    "ENO6ioUH5PxkA1L5m68X1rVvzJ24dtn2ZvtxkeTPcKnohsj4fGQhJmQnjySTINqJKalC0s"
    "xeUj9Xfwe0vSV7PgC63lTCAW9IUGE76IYAnzfLAIxrFWyAlt1gbsGZJC8kqB/AF2XwvciH"
    "9yKDrkiPVzk/GrKAdlxW4qUPhqnkZRWLEaV4MiNUp9fzC2C/GUyuexK4G0qd7qjrsyCUqe"
    "hNUhRluhpK7V4miRuabwBznErgXAJnoUrKn9tPU6kgVEk/Itd3q0oSoTMidKai+jbSr1i6"
    "Nr+/FejZghpldGy47ivgxdjSCxsslEcIFARMS9ORYoAXb169ckxHMV6+BwrwYs5+JlXDQJ"
    "efPFJMaQOEZR6mwm1vD2Jo335vRCHIfuueki2hkiMZbyH18BCRM9WMnGGnfS3YveMENiqq"
    "ks6Ixp4/QL4dUmI0tfPi2AvKwQyUATl3FolRiJTFRWnl+Zf1aVqRXbA66/is+Aa/r3Tc3C"
    "b7zyQoBZerzOVHxXB50ruH9cXkyE6dD5cbbLmRJRQ7bqTBneszR7ZXkAVskViQpKsNrgcR"
    "D4QKt77KvDIq3KMHXVXsg7GbULZI+cGBaYJIIJpyK98k56hIN1o+LlCkFeSIXuPOKHiUoM"
    "sTBZc75tKbOHeBbcyHtp7YJr4xWyQSFMarIxuv/Bk2x4QVzb/FhqxYMtky9qyVaRrAnAEP"
    "fc/Q9B58023bhdo3oNueN7dr2aYF4l0EKNojGXpAweMLFxrGmmXG2nn7IsK1AouOswIblI"
    "hw3adt5LRy4zU+Sn1pSBLacfbhiLAFwlOSsWk4xhckZRM9SU84Zdiy+6DLlWI5GDuZt+en"
    "6ern9rwfIywG1IYMlVa5URAjP+BAaPfuPrX7k1sJSxK8YyFO2wLxqymiV9fSOLxDz6fI2z"
    "l21AL+CUkxeScN8WJbIkkm/dMp6g2+BqXh6RR1JqPx4LYFvGM1RpkXgSYXcj9Hs5WhrOFI"
    "uywDOK6VP9IuM5D7rWegzt8iOyQ4nMr+3b7w3bUR3oIz/TvX9yGkqF1E12WZ78Jl/mfhMh"
    "tthFepvPhGJALg5wFWHAdaDH1X0QInJKnfjLuXBDbUnZNjwg3r18ZEukO7Pv5PNvnv5eFM"
    "0AhI05B6WhsOPCMCAWYaTMN8kvG6VH2QnYUFbaLG5VlpsamFg4/wgvhxvSBEdpy9hTaJwK"
    "9DmoO66BEisl9P24CW02CYhFI1zorMQnpQV1bCys+ahkbk40IsNwrwLEpkQ55orx4wg4ZB"
    "tu/RHWLC8T9BdNcei4Qouc57QHYcghowiRVnBS1gwEdoZI1Ee30SO9hJNVdhTEagFac0ma"
    "gnYUw6bqahOKfKip0JohqGNr0rI3i+y5c73524VYkf6EZv8FUejQedz1TN7Z2SvJ6f2pPR"
    "2Nvgwz+thrLbm4w4xIGgvkhgy0pgKzwN67axQy1RVR4V3fuD5Ud+gkaMfsbo30S9IpQqQq"
    "kilCq8SpV9isRxp1KGPJzyOc0XhlepiiVzfoC5joVof79a36cY6Cgmp+Yl8ShJyRRU407m"
    "Uf7UP0gm3PgtXYPLlelApK6p2JNN3RE82P/wxsZgorG825lcvEIsPq5YLBa0u17QLhSEWC"
    "JXgVtRRHJIR7K77r76alKovSqz8e9V/sa/V5mNf0XK0sqlLK1IJu9jr9j277Sa/kRzwM0g"
    "FaCXAv1PU0ey6SstU4Yr0zSggtiIJ+hSWN9jwn1NN8Fa5bATy/Vg0EtMLNfdVGYBz4f4xR"
    "uKfZQ0VkiFP65UWCllYNV4vaMlKYnm482nGCOqkzLw0IlTkuJy6R6dJBM9WuxbfMQY+vj2"
    "UdvCWz6K/mThTY7dEvAyc61ulFujzrBG3yM2pMfRJv9i3jcYWmRSfFakPf7Tr1BCa4w55R"
    "CvJvLCc8t0kQaeTOuB7pdGXJlWlkmmSpulN+aiLbObGu6Fjkv/ygIqlnOPF9tUuyv0uEfV"
    "4+b73bBxPgVfm8qoG6M+v4lbU0R9QOXuPyfShD9W3qNqAe84RcNJv9/tf2wB/2SKRpNOR5"
    "JuSKXwdIo+tLs9UuQd09PQcRyfVoqlLBlMy9cQRxRCP7xz/bCIR9th/K+p4k82V/xUgkZA"
    "mvHrc1UVQo0L0gSNgDQN6UzRDS48IwIBZhpMaFmmxfUxiyiq8TEjz6vNxwzfIu/PwY6Ioh"
    "rsqNXaYom/bFg6z/JjDL/nTDYxkhpkbCgyAUm/josBDy1AvUH/Y1A9zYWUe7HjwOXKYUxI"
    "+d7FMRIxv+eZO+/XvIaCNKFwxxKGZGFIth3F2ozrSUqxe02Vd6+Z6WjTzahSpILPVeZzwt"
    "LAyeg0reB01ThdkbCQDtl7iRq9GFmzvVtnRQY9sonTkjLP28bJr1/CvmfoS2Kks7B0ps2h"
    "A3zyM7A0H2kuAmMN7te4GGk6oVIMf4tWQEwLcAlxR2DZ/nbW7haZskUOZ9/AcV7KLfW8wC"
    "31PHBLzbcCukylcJGXl1s3lfAB/LsqMmENwwmHNWfF7pactspNVwOEpwei+bbtmWsAb+s6"
    "QLLqt2gCftPSyBRDTj2d1xn1NXhaKA7As5E39byYkZwrpmEQJF5m5659PaSMg0M2RI0Gru"
    "WHvQnPh6N6PlQwHqJCn5395E0/tlPr6azAeXYxI6mneAOoYjQilKdk57UsMuJ5YI7T1NBj"
    "6rzMyjR/XZpGWFmy978tWodGNCLYYONgA023c7YeLoI+TiXA3xh8rwfLygyL2HKAKSvR5b"
    "OjgNWGYMzGjDm1naNrxwC/V2usneZLjAZtix3nBQNICRWXs9jne6uEBId3VjnOMl14CdUJ"
    "eKL/4XKWCwmq4ZxVK185kaulciw5wXiWMNiEkwcNdsDKcNDrSTfydZvk8Y1dpDXRxwldCZ"
    "TWsgUV22RENef7NTJI66AXOrSDYwgjp0Y5TSfUySU0cgQ04sJIcON38MhSCxePqrl4CIfM"
    "cmOtXg6ZHHbyWL56HW27PUxk+u7hxk6wH+SlREhJlzNoWYqxNVheM3WC6TBeF7RzFXpeBN"
    "2vlNOYEVQu5YKh45U5cvRHCHDjhg41LxFw1B7bqaIcWSk3iVgSGc9Dws/PwecPUaT/K5t8"
    "yp9/qusIdkClX76fhMitVp/cahVbngpr5w8HvjCqHZkBsZUD34SeIRRTenFywaSHbBJm7i"
    "RtSbfc04T32VRtmS5WpYRtocDDXLpHwlDRoj1Wq0R8R1Df28SDbE+J19zao6lizvu+zXgh"
    "fr/G5SZZb4ebe7CCOrZrbItIDuHNfAhvZrFKr88qvWpQHsn7x5+cOHt0ikz06Mz6D38HIC"
    "+qSSoBqkgW8YPaJoQoJUSpCsB72qLUyMHN4H85go6DD14PSYlUmTpnRaKV7deW7Xj1Z2Ws"
    "8QKSTNZ/QtX5yQZBI8ByDWiDFybCkpH5xIgz5aDbseT0oxg9tsyQlS8oeaIu+eu2TBMdcG"
    "DMpD3cEv/8VLKSURuhSv4qN8Qs0sMhfHl6AMPvquHa+uNWUDMaORzob04EdCJVzk1rzQ10"
    "lrBGxrtd92m6ZFkydzbJd59k0R7QyfiuPRx32719aQz37TZsmxZZM/EAHiM5IM4dLPR9HA"
    "x/kz91pSH5P78dBvJmmZ0hmvk7QzQzO0MgU4azGV4+8oCeIDqkD/3n7t2p9m1VMVTX82WT"
    "7xWba1Zh0R4Q9pvuqDOY9MfSjdy+JSen2tndlbahdixJKbRjVdGOMRy2QwfKCmS4amNUGw"
    "ydAi0/K9IjKEGNUubZOTEZmjOaT+oer58RtLH4r3gJ86z1GcCnukOPmk56guowlAlbtSQM"
    "sxXQXJ4V6BtEIsO9JuXhFBTUbYSDCsdXvSkF7psCcN9kwcVzPdniL4tvfhhhjERsj8AdPU"
    "jWmo7L3NTTMJUcyONEKcxnhOr0NAsFsN8MJtc9CdwNpU531PVDnMNVD71JiqId4ocSlstT"
    "KJtovgHMcSqBcwmcyZJc/o+JuCboBNEBp5DJuHMY8Wr3u0yKRAmVS5Qg/EHyR8NpSrxl/E"
    "GEnqNuXN+BniO2nLZtfY5odvxs/+AJvW2HDZ1gTygVo0zT026J0oi0USeA9qoxi7oUS2+W"
    "6HAF2rNkvRI6tMD//Ceb7DehINC+64IHuMbXK0NRYYuGKeDJ4wwohgG8fhFEL9BiQuaVsz"
    "RrO2+foW/7vWG798QVSA42Rw+uPZ2ZAR+hF/PhKxdpa168cyI0uqAZERxdzeDoNMuyYk6J"
    "vFipNqqcKLrRwd/KdvdjvwWCsynCY0r+LP3WAv5JehweyaqdGIRl1dxJKuGXm9adBHPZJh"
    "09JK50D28PpTbuyvgX92z8K7d7PXk0HgylkVccK5giemwBetik3zfLKcULdOIZlbiQPWsm"
    "hZSRPcnagjdSKiIR81zpPTUKPh35e2r8kHuUFMRzBCvhLSM5Anv+aXbRZ2M4YgM0Eb2BPz"
    "zjYbczbmS77A5ALSs3V7OfPgtqfJTmoHqsoBiCOzMSxmdIUfhLUKWEzE0rvyf7nd1DYtWy"
    "gWMCErNC+htLiH6egCkVB4Oc/p20tCu8Un5gr5RjLwOFX4rwSxF+KcIvpVr+EsIvRfilCL"
    "8U4Zci/FKEblD4pQiub+CXIjTCQoNZJWXb8xrM6jpOVXNRfGC3IGjp6qLBcgny7pwVugNF"
    "dZ5TS+bDIPLnVCt/ziO0bGYernzZKUZSR/3h5WUZ/eHlZb7+kNzLJMPgQdivXkN096JAxE"
    "90mBno8wXTGInYYpVTAj1qVPjf/wPAG8mL"
)
