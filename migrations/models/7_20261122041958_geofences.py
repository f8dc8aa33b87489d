from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "geofence" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL UNIQUE,
    "kind" VARCHAR(16) NOT NULL,
    "geojson" JSONB,
    "center_latitude" DOUBLE PRECISION,
    "center_longitude" DOUBLE PRECISION,
    "radius_m" DOUBLE PRECISION,
    "min_latitude" DOUBLE PRECISION NOT NULL,
    "min_longitude" DOUBLE PRECISION NOT NULL,
    "max_latitude" DOUBLE PRECISION NOT NULL,
    "max_longitude" DOUBLE PRECISION NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_geofence_min_lat_e8ab7c" ON "geofence" ("min_latitude", "max_latitude");
CREATE INDEX IF NOT EXISTS "idx_geofence_min_lon_54c51e" ON "geofence" ("min_longitude", "max_longitude");
COMMENT ON COLUMN "geofence"."kind" IS 'CIRCLE: CIRCLE\nPOLYGON: POLYGON';
COMMENT ON TABLE "geofence" IS 'A named area on the map.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "geofence";"""


MODELS_STATE = (
    "eJztXWtz2zbW/isYfWky42YaOXaz6jvvjCwzjlpZ8uqSNBt1GJqEJNYUqOXFibbb/74AeC"
    "dBmqB1oRh8kSgQB5KeA4A4D845+Ku1NjVo2K+6G/03uG11wF8tpKwhvkjdOQMtZbOJykmB"
    "o9wbtKqy0eUHv9K97ViK6uDihWLYEBdp0FYtfePoJiKVu0C1oAaRoytGB9iOiT8BxQYKmL"
    "zv/ti+uASavoS2cwYsqJpLpNvka8D9FuiODTYWXOjfXpGv0kwVf5eOljtt1UX6v10oO+YS"
    "Oito4bY//4GLdaTBb9AmHz+38FcpDtRkxSESutb6g1TZPMgLHRpaAkV8E9+i5bKz3dCy2a"
    "x//Y7WJP/iXlZNw12jqPZm66xMFFZ3XV17RWTIvSVE0CJfHgMYuYbhqyIo8v4FLnAsF4Y/"
    "X4sKNLhQXIOoqfV/CxepRDuAfhN5efP//k+LVZPl4WgqT6SpLLcyWiU/IaUSv0g1EekROn"
    "IIeH/97bUbAUJLW+QLeu+74xfnly8pBKbtLC16k8LV+psKKo7iiVJFRCjT9wzOvZVisXEO"
    "6qeQxj+0CsZBQQRy1PUD+AKA9gBpa618kw2Ils4Kf3z9008FGH/ojinMuBbF2cRj1RvDQ/"
    "9W27tH8I7w9cYHD8KRxG4wfrofHwzh83YJgM/bufiSW0l4vamJB95IonHwXr4pAe/lm1x4"
    "ya0kvJZp5MwOEnLXFOA+/kEKUmEG6EC2zjNFq3t92x92AH2bow996aM07gDvPf2kLDWHXJ"
    "aZQi7zZ5DLtAqST8ykIq7xHUdfQ3ZPT0qm1KD5oq+Ci/oopXzvx39QGyFj64+6Auin/Vtp"
    "Mu3e3pGvW9v2vw2KX3cqkTttWrpNlb5IqylsBHzsT98D8hH8azSU0o/dsN70Xy3ymxTXMW"
    "VkfpUVLTZBBKUBagmtG4rtyK5dSe9p2R1o3v/JdVH8iSg6wKRQ0xZ8NB8q6TkpKbRcZy0H"
    "c/H9VuazazKCzzBxTke/Txg0xGZcPDDtmQivLMrvsGmrLxE2yjMrlxSqGQv+JJGNSqOfaC"
    "lfQ1s727kwBPiPQ4eCgH8FGM4GgxbF+15RH74qliYngCd3zLaZKgnrZm+t2+t0iYKUJcWI"
    "/Bny0330e8p6o2B9tRjcSnjvrIhdUeO1nqZXENBxd0CO/ghBIPoL+PIILRtX+QKWlvnVBl"
    "91ZwUgLtwCdaWgJQQvTNzGWrcdXQUYc9W1LIjU7UsG17KXryhDvOCu7rgUHXxlOTZ5auBK"
    "8RsQaVGxIGoEUVNPK7ddiqZpF9A07SxNE/9lGZCn8JuTQyYkxQ5n6raO0Hmn0u/TxHorQP"
    "TFbff3l4k112A0vAmqxzTQG4yuUsA/4H9ZlWEIZGvNMFz3J73RbDjtgOBqjm7676Zyrzu+"
    "7oDwco7G0jtpPO4OOiC4mqPB6FN3MP3UAf7FHH3sDgb4q+5G/eF00gGJj3N01x1Ph9JY/j"
    "Ca9d4TKiNVUIXTaJehldr5tFI7Qyup+FEtk+d1Vc0nGqi1+if94c1Aknuja6kDYh/maDbs"
    "/3PmfcB6jH+ao+HIl/Av6kFF4YUDXmGQX1BRbYkGaq220Z007ADySsbUZCpfSe+7H/ojOq"
    "JiH/EI7X+Q5G5v2h9hgdiHOerNJtPRrTzoT/Dgj32ohzItSFboWU3+OhkN8/iGQCLNNeiq"
    "A/4LDN3j1euhwl088QgWxU+89MMtta4jDaSfeMHanWcxF5ep87ipui9UZlsof1co3bUjCy"
    "cDcTGjlhAUhFqdCbXAWOXUcExM6LfO+iUakP9jIi6bNyF0QGNsNu3tyx7b9w7vGjoK4Rx4"
    "FgJxmcMvBWJkzr2rG3g5ab8iX3sMPmcvCwQdPULkmNZWNvS1zpji+iiHjmBIpvRDuOCTm9"
    "fwz8VvP7Zfv/n5zdvzyzdvcRX6O8OSnwt0hA3jtE+Oe4876ApqGDoX8QDMkKwEcKWO/9OJ"
    "wGvgmd52TPVBdla4m69Mg2Fm5EKcIy36cRboP00dyaZvaCfhvTJNAyqIDXFCLgXsPRbcVw"
    "cOOOPDztFXo9EgMUdf9dO85Oz2SsLmM52wcSXd2//KAk78ZNf0t9nyBlqyyqSwcrt2nrjo"
    "21moHxVDx2sM/CtkyzWgzbM+YcnWY51Cvq8x6xSKrQy/bXAdm7lxUsAlMWSfpaKaDYdD60"
    "LZbAwdI4otqo1laq7qcI2YHHExaPapKBVjtzQtnW9yy21AKGvnyop8I6rsdkTSB6Qirsfd"
    "d1NO/D2hDqBvczTpvZeuZwPpugPCyzkiuxofpA7w3smuyGxCqnjvWGo6urujMt7FHEm/3/"
    "XHpMS/qMe+h+ffVMXfMikp6MM604e+QxXH4jwmcTiT/vWJrMZFEEI+1M0NQnA3WkWtJyWF"
    "1uuidcbc6f/62Fj3VpXcjupJMeGmznB5siFZrPMCm5EU2LKfTiK4YtfIBvM4N7IZQYFscd"
    "iKP3tmMeYOWunFmjpJZJ8OW0k+ahJBK2P8+Bv3e9NW3uy7C4Tx2yRsrKEYZ546ZWAWwVe7"
    "D75iz8cC4CcBzjyDuKPbIuBXOkmMw0D9yhd899sYGkpOIEgqaO191NiJmT150GfdK1SKBW"
    "O25QHsLmqpSWAdImgy6GMFsZOxbvh0CKUcGwFPh1KOEAwiFx0TKGGoYwd8XZnghQIe4PYM"
    "mBZwVhDY6gpqrgEtfBMi+odentFr8qo42TDK3TdfKndVAIU3m3DHRF7py3zPrZJOLv48V9"
    "Trjxuq5xGP/2i3z89/bv90fvn24s3PP1+8/SlkILO3iqjIq/4NYSPP4lxIQE/mx0o2Pqis"
    "N5a6U7K14l/M0ezu2ivxL8iGTHc6m8jYJhneePsy8c9z1BuMhrQJ+j5H19JAoi34FyQgbT"
    "Id0R2c4KrKFs4ewsfo0OfaNY2JiH3Sne+TLixzLT9vszTVRKXRd5h16ne1W+qYz9RrogGh"
    "1Xpo1TZdS4VyakFTlttjSwuCT2yZNnvzrMyWKbaKTItzPMVlxChKjaJqU9Tu5qa6jZ097T"
    "5EeZKevfsQNXWa0JbYfkh0rgSr2OtOet1rqZWdFARh+ySw8YmwZpnI/C01JpsWbbcV0Wix"
    "WiUSveOuoD5gTEEg2AGG+RVaYKVjxVvqagt8R2Cw0C2bwZFVbONpIkzkARN5wOqQB2wv6d"
    "rDoZGFOJe7Tcgcznf0hIK5gpnIg4XZeUu50ycbqTVD+ytJyNUB9I3QAL3BbEK5g/Byjnqj"
    "21uSNch7rwc1IMzWfOiba7YKT9+maT3P0zdjBZbxfggsnmdu53PYhidiwex3K9+1HXNN1+"
    "BZqyO4V2x1xGuVOV7Kr38GHnCXQeSMJ9O1gK4BBWnApDUVw9iSG2RrXcXGA3J+sAGp/MXn"
    "hXXtC/OQqV22Xe2oKZLXGK4V3RDJjI9sxITq5LFkEkI72UqqkTWzl6zG9T/ca295jA+Arj"
    "eVcMAbCtR4H7QiwOftMgDjWgVne2XPTltx5n8LBZoH8Jsy+L7Jh/dNBl2R+a12fjRkAe24"
    "rJxC7wxTyUuYFRNK6WRBpE6v5xfAfj2aXQ0kcDeWev1J31dBaFPRm6QoSuI0lrqDTH4ytK"
    "wAc1xK4FwCZ0El5c/tp0kqCCrpe9T6TqkkERxyTEaJJBxksUl+IsICJimoUYZFwnVfAS9A"
    "kn6wwUp5hEBBwLQ0HSkGePH61SvHdBTj5S9AATYGyoA/kqphKMcPniiWtAHCq3ompbS3L2"
    "LwS59byWhI7ws8Jqnq7riICCH3DhERUinzgki6UGfPvGaimnsoUg6cJ3AGUp04OxrW/gD5"
    "Dl+JyTTOi2YvKAcPxwzIuU+7mITIhpx1oCFZ0CGvX3lCSEy0eWcA8BuqaVmRCrI+lmmWkI"
    "DfNjpursphQQlJoeU6a/lRMVyeXPxhffG4YZ9zANcVzkfJCorjUdLgLvWFI9sbyAK2iBBI"
    "yjUG14MQA2JTorn0dN6mhKCnT5Ge9vPq5ZDUUda9Yqo6luuvDGO9MU0DmAvgoe9Ryb+AL7"
    "ptu1D7AnTb80h0Ldu0QLyLAEV7JMEKQHHMNS40jC2LqN55+yJKqxbmpIjSOg6/dFr5nVo3"
    "0lAak6RMnH04EuyA8JJkHRlP8QeSdoRepCec4wQObRTLwdjJvD0/Ldc81739ENkYUBsyFr"
    "HlRkFM/IADoTu4e98dzm6lcZ/3wNyEbAfEP80R/XSFV5nBHXo9R97BfpMO8C9ImrQ7adzr"
    "TiSSKM2/nKPB6GNQGl7OUW82mY5uO8B7r8co86Io5ELt55gvGckGjrSLMoDjWvkj7SIDud"
    "96Bur8E0xDgcMZ6W/3he+uj9614EL/xvV8CCUaF5VwUea5cJH/WLjIeszjVSovvpGIAPhp"
    "gBXHgRYjUU7RAicUad6Mu5ckDNRhi2PCDes3hhTdIZOP/5NN/nt5OBMyAtI0pB5rw4FnJC"
    "DAFGfFHwlose+RD7XY9xAZHo6y4dFHjxCRUxW6BrScFmPTI1XjrGjjQw/qykpY+cnNjwmZ"
    "PsnehAK8PRNybEJ0ogJYQMMghyzoDtmk8CdZeraCRdzsXecXQM6FgBowyT7FBlrAgI/QyG"
    "6D7PWb2A77qrkJPTcD3pfKPM9tX2yX7DwfRFxTZQ2rhFADHaDfljGt3uZbVm9PfN+EH+jW"
    "YPRRnkxHvd8oketdkuxr77uzydRLw+5f1oPO9SYjjgVvUF+kGWSlGRRBPiLI5wRQVR4V3f"
    "uD5Ud+QkaMfsbor0IgCNpA0AaCNuClDfZpEsfdJhn2cMqrMt8Y3qQqloxbB0sdG9H+qYJ+"
    "xkKgo5idmheIXlKSaajGz1+Istz9QfIVxm/pGlxvTAcidUvNnrQR+zlM+Og/eGNjMNFY3u"
    "1MxkRhFh/XLBYL2l0vaFcKQiyTq8BxJhI5pKvUXX9ffTVp1F6WOZ7xMv94xsvM8YwisVzt"
    "EsvVJN/qsVds+3fLTD+iOeBmiArQS4H+p6kj2fRJy9TmlWkaUEFsxBNyKazvseC+pptgrX"
    "LYieVqNBokJparfipazvOSffGaYh+l9hNW4fdrFdaKDKybrneX8ocJaVEwcEyoSWTgoYOB"
    "k+Zy6R6dFBM9WpwuecTTJeOHfDwX3lhTTYU3OXZLwMvMyMYPrd9MU2GNnkdsSI/DJv9q3r"
    "cYLDIpPitij//0K5RgjbGmHOLVRH7w0jJdpIGvpvVAT7UhrkwbyyRTpc3ijblky5x5g3uh"
    "49K/soKK5dzjxTZldwWPe1QeN9/vho3zKfja1IZujPp8FbemSPqA5O4/Z9KMPxrck+oA73"
    "2OxrPhsD+86QD/Yo4ms15Pkq5JpfByjt51+wNS5L2np6HjOD5tFEtZM5SWzxBHEoIf3jk/"
    "LCKudhjhaqr4kc0VIZSQEZBm/PpcVYVQ44I0ISMgTUO6UHSDC89IQICZBhNalmlxPcwiiX"
    "o8zMj3NeZhhm+R38+hjkiiHupo1NpijZ9s2DrP6mMKv+VMNjGRBuQkKNoCkn6fFgMe7gAN"
    "RsOboHpaCyn3YseB643DmJDyvYtjImJ+z9vuvN/ybhSkBYU7lthIFhvJtqNY1bSelBQZ2e"
    "uckX2ho6oHLKREhZ7rrOfETgOnotOyQtN103RNwkJ65DwBuunFyAvt3Tor2tAjBxOsqfK8"
    "own8+iX29wx9TTbpLGydaUvoAF/8DKzNR5qLwNiC+y0uRppOpBTDP2YQkK0FuIa4I7D2/n"
    "bW7jNyQYssxcHx9aXcUs8L3FLPA7fU/F1Al0kKF3l5uU2jhA/g31WTCWscTjisOSt2t+S0"
    "VW66GiE8PRDm27YXrgG841gAyRvfoSnmTUsjUwy59DivM+pr8HWlOADPRt7U82JBcq6Yhk"
    "GQeJmdu/b1JWUcHLIhajRwLT/sTXg+HNXzoYbxEDV67OwnM/ixnVpPZwXOwVTR1FO8AVQx"
    "GRHKU7LzWhYZ8Twwx2Ua6DF1XmZlmr8uTSOsrNlnuhWtQyMZEWxQOdhA0+2c4/SKoI9LCf"
    "Arg+/1YFlZYBNbDjBlJbt8chSw2hCKqayYUzsNsXEK8Hu1xjo9tcRo0J5xiqpQACmh5nIW"
    "+3xvlVDg8M4qx1mmCy+hJgFP+B8uZ7lQoB7OWY3ylRO5WmqnkhOMZwmDTTh10GIHrIxHg4"
    "F0LV91SR7f2Ic0E32c0JWAtJYtqNgmI6o536+RIdoEXujQDo4hjJyMclpO0MklGDkCGnFh"
    "JLjxO3hkpYWLR91cPIRDZrmx1iyHTI598li+eh2x1u48R8REW98D3NgJ9oO8lAgp63IBLU"
    "sxng2W10yTYDqM1wXtXIWeF0H3K+U0ZgSVS7lg6Hhljhz9EQLcuKFDzUsEHLXHdqooJ1bK"
    "TSKWRMbzkPDzc/D5QxTxf2WTT/nzT30dwQ5I+uX7SYjcas3JrVaz5anY7fzuwBebakdWQG"
    "zlwDehZwTFlF6cXDDpIZuEmTtJW9It9zThfTJVW6aL1SlhW2jwMJfukTFUtGiP1SoR3xHU"
    "9w7xIMdT4jW39miqWPO+bzNeiN9vcblJ1tvh4R6soI7nNfaMSA7hzXwIb2axSm/OKr1uUB"
    "7J+8efnDh7dEpM9OjM+g8/ByAvqkkpAapIFvGd7k0IU0qYUjWA97RNqYmDm8H/cgIdB795"
    "PSRlUmXqnBWZVrZfW7bj1Z+0saYrSDJZ/wlV5wcbBI0AyzWgDV6YCFtG5ldGnCmH3I4tp+"
    "9l0+OZGbLyDSXP1CV/3ZZpogMOjJmyh1vin59KVjK6R6iSv8oNMUv0cAhfnB7A8JtquLb+"
    "+CyoGY0cDvTXJwI6sSqXprXlBjor2KDNu133abpkWTNPNsl3n2TJHtDJ+K47nva7g30xhv"
    "t2G7ZNi6yZeACPiRwQ5x42+m5G40/y+740Jv/n02Egb5c5GaKdfzJEO3MyBDJluFjg5SMP"
    "6AmhQ/rQ/9a/O9W+rSqG6nq+bPK9YnPNKizZA8J+3Z/0RrPhVLqWu7fk4lQ7u7vRKrJjSU"
    "nBjtWFHWM4bIcOlDXIcNXFqLYYnAItPyviEZSgRqnt2SXZMjQXNJ/UPV4/I2hj81/xEuZZ"
    "2zOAL3WHvms66QmqwyATntWS2JitAXN5VsA3iESGe03Kw2koqM8xDmocX/W6FLivC8B9nQ"
    "UXz/XkiL8svvlhhDERcTwCd/QgWWs6LvNQT8NUciCPC6UwXxCp02MWCmC/Hs2uBhK4G0u9"
    "/qTvhziHqx56kxRFJ8SPJWyXp1A20bICzHEpgXMJnMmSXP6Pibgm6ITQAaeQ2bR3GPNq96"
    "dMikQJtUuUIPxB8kfDaVq8ZfxBBM/RNK3vgOeILadtW18imh0/2z94Qm+7YUMn2BNKxSjT"
    "9LTPRGlC2mgSQHtlzKIuxeLNEh2ugD1L1ivBoQX+5z/Y5LwJBYHuXR88wC3+vDEUFXZomA"
    "KePM6AYhjA6xdB9AItJmJeOYtZ23n7DL7tc8t274krkBwcjh589jgzAz5CL+bDJxdpa168"
    "cyI0uqAZERxdz+DotMqyZk6JvFipNuqcKLrVw8/Kbv9m2AHB1RzhMSX/Jn3qAP8iPQ6PtK"
    "udGIRlae6klPDLTXMnwVxWpaOHwrXu4d2x1MVdGb/ino1f5e5gIE+mo7E08YpjBXNE3zuA"
    "vlXp9+1ypHgBJ56hxIXt2TArpIztSdYWvJFSkYiY50qfqVHw6Mg/U+O7PKOkIJ4jWAk/M5"
    "Ij2M8/zS76ZAxHbIAmojfwg2c67vemrWyX3QGoZe3mevbTJ0GNj9IcVI8VFENwZ0bC+Aop"
    "Cn8JqpSwuWnlX8h5Z/eQ7GrZwDEBiVkh/Y1lRD8twLSKg0FO/07a2hVeKd+xV8qxl4HCL0"
    "X4pQi/FOGXUi9/CeGXIvxShF+K8EsRfimCGxR+KULrFfxSBCMsGMw6kW1PM5j1dZyq56L4"
    "sG5BN9BcQNKBGbRkeO+siJlcxmuVICfJl2iUWAR4FUbC4dbKhkVK5lcscwrBWkdy3EClS+"
    "Hg8x/kWAJaI25b0SphAZ9DjiAwm0Vg1ohh2wt9+Rx3ptNwY+qPewOpA7z3ObobDT7djIYd"
    "4F+kJ5zjuDDhyfNP5jl++QZ0TORZ9nM9n36HM5TxGgFaciXikyEreLkSvFyAWyUalCUsUC"
    "+BuqVoumvLay6040IC5RIop9ebpZFOC1ZEu6YG5F7hrjSPZCQF4KUAj9tPXHinBAXcpeGu"
    "1r/TkgLwUmsTsXHSMApdbJx8j1rP2zjhCOjdaxgmtHR11WKFYHp3zgrDL6M6TzGt+XoW+c"
    "rrla/8EVo289yDfK4zJlJnEq4q4XlxUYbwvLjIJzzJvUzyYR6E/eoNRHcvDpv4Gx3miZ/5"
    "PGZM5PB+QCdOZB71Yfb3/wAfMim2"
)
