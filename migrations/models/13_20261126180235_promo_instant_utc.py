from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        -- Dates kept as text without an offset ('2026-06-01', '2026-06-01T10:00:00') are UTC, whatever the
        -- session's TimeZone: `SET TimeZone` holds for the function's own statements only.
        CREATE OR REPLACE FUNCTION promo_instant(value text) RETURNS timestamptz
            LANGUAGE plpgsql STABLE PARALLEL SAFE SET TimeZone = 'UTC' AS $fn$
        BEGIN
            -- Segment definitions compare dates kept as text in JSON (metadata, event properties):
            -- a value that is not a date is no match, never an error.
            IF value IS NULL OR value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN
                RETURN NULL;
            END IF;
            RETURN value::timestamptz;
        EXCEPTION WHEN others THEN
            RETURN NULL;
        END
        $fn$;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE OR REPLACE FUNCTION promo_instant(value text) RETURNS timestamptz
            LANGUAGE plpgsql STABLE PARALLEL SAFE AS $fn$
        BEGIN
            IF value IS NULL OR value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN
                RETURN NULL;
            END IF;
            RETURN value::timestamptz;
        EXCEPTION WHEN others THEN
            RETURN NULL;
        END
        $fn$;
        ALTER FUNCTION promo_instant(text) RESET TimeZone;"""


MODELS_STATE = (
    "eJztXetz4ji2/1dUfJl0FdM1nXQyvcytW0WIO80OgSyPnpldptyOLcAdI7G2STq7d/73K8"
    "lvWzYyrxi3voCxdQz8jiSf9/lvY4kNaDlv2yvzV/jSaIH/NpC2hOQgdaUJGtpqFZ2nJ1zt"
    "wWJDtZWpPvqDHhzX1nSXnJ5plgPJKQM6um2uXBMjOrgNdBsaELmmZrWA42LyCWgO0MDoU/"
    "vH88srYJhz6LhNYEMdz5Hp0K8BDy/AdB2wsuHM/PaWfpWBdfJdJprv9a5rZP57DVUXz6G7"
    "gDa597/+JKdNZMBv0KEf/9UgX6W50FA1l1KYRuNPOmT1qM5MaBkJFMlFcomdV92XFTs3mX"
    "RvPrKR9F88qDq21ksUjV69uAuMwuHrtWm8pTT02hwiaNMvjwGM1pblsyI45f0LcsK11zD8"
    "+UZ0woAzbW1RNjX+Z7ZGOuUOYN9EX97/r//TYsNUtT8YqyNlrKqNDFfpT0ixxD+lY0RnhI"
    "lcCt5///LuGwHCzjboF3Q+tYdnF1dvGATYcec2u8jgavzFCDVX80gZIyKU2XsG585Cs/k4"
    "B+NTSJMfug3GwYkI5GjqB/AFAB0A0sZS+6ZaEM3dBfn47qefCjD+3B4ymMkohjMma9Vbw3"
    "3/0rl3jeId4eutjzIIRxT7wXjzPD4awhfnAgBfnOfiSy8l4fW2pjLwRhS1g/fqvQC8V+9z"
    "4aWXkvDa2MrZHRS0XjKAu+QHaUiHGaAD2irvFI32zV233wLsbYo+d5XflGELeO9TdNfut2"
    "/pCf9gikbjwVBpAfY2Rd3+rTIat4D3nn6yCu05VyJbzlX+jnOVZlnyCZtk3A254ppLyF8Z"
    "ScoU2wyf9G1wUB0miq8W8geNAbJe/FVaAP24e0c42r67p1+3dJx/Wwy/9lihV87Z2ZfU2b"
    "M0m8KbgN+640+AfgT/HPSV9GM6HDf+Z4P+Jm3tYhXhZ1UzYhtKcDZALcF1S3Ncde1sxfc0"
    "7R447//kqjD+RBgdYFLIaRs+4cet+JyklFyuMpeDvfjhRS2nB2UId1CJToe/GxQgqmPOHr"
    "n6T4RXFuWPRBU254go8RlJJ4VqRuM/SWSjs9FPtLXnUDfPTi4CAfnj0GUgkF8B+pNer8Hw"
    "ftD0x2fNNtQE8PQKPsepM+HY7KXl+TJ9RkPanGFE/wz96T76HW250gi/GhxbTHitWWSN0e"
    "OjNptjEDDJdECu+QRBQPoL+PIEbYcM+QLmNn52wLPpLgAkJ1+AvtDQHIIzTO6xNB3X1AHB"
    "XF/bNkT6yxuObeYgXyFiqCFT3V0zdMiR7Tr0qUEGxS9AZESnpWFHGnaqqRWfC5l1zgvMOu"
    "dZs078l2VAHsNvbo7xIUl2PNW48QqTd6z8Pk7IWwGiZ3ft398kZK7eoH8bDI9xoNMbXKeA"
    "fyT/cluLREBbaYvETXfUGUz64xYIjqbotvtxrHbaw5sWCA+naKh8VIbDdq8FgqMp6g3+aP"
    "fGf7SAfzBFv7V7PfJV94NufzxqgcTHKbpvD8d9Zah+Hkw6n6ilI3ViG5vGuYgZ6jzfDHWe"
    "MUPp5FGt0uf1tpxP3KDS7B91+7c9Re0MbqiZKfowRZN+9x8T7wPhY/zTFPUHPoV/UA1TFB"
    "EciIRBf8GWbEvcoNJsG9wr/Ragr3RNjcbqtfKp/bk7YCsq9pGs0O5nRW13xt0BIYh9mKLO"
    "ZDQe3Km9LjUpxj5Ug5k2pBJ6lpN/Hw36efaGgCJtazB1F/wfsEzPDl8NFu7jiUexKH7ipR"
    "9uKbmO3iD9xAtk9zLCXJymyutmWz+SiBsp34uUntqRhpOBuNiiliCUBrUqG9QCZbUkh2Nk"
    "kr9V5i/lgPofjErpvAmiIypjk3HnUPrYoT3CS+hq1OZQRhCI0xxfFIgZcx7WpkXESect/d"
    "rXsOccREAw0RNELrZfVMtcmpwtrotyzBEcyhR/qC345PY18nPJ24/n797//P7DxdX7D2QI"
    "+53hmZ8LeEQU43QMz/qBTNAFNAh0a1QGYA7lVgBvNfF/OhF4LbLTOy7WH1V3Qab5AlscNS"
    "MX4hxqOY+zQH/FJlKxr2gn4b3G2IIa4kOcoEsB+0AIDzWBA5vxcffo68Ggl9ijr7tpu+Tk"
    "7loh6jPbsMkg0/N/ZQGncbVL9tscdQVtVeeasHKndh65nNtZqJ80yyQyBvkVqr22oFNGPu"
    "HRVkNOod9XGzmFYavCbysyxuE6TgpsSRzanVhUseVwbF5oq5VlEkSJRrWysbHW3VIrJodc"
    "LppDMkon2M2xbZbb3HJvIJm1d2ZFsRHbeDsi6iOaIm6G7Y/jkvh7RC3A3qZo1Pmk3Ex6yk"
    "0LhIdTRL0an5UW8N6pV2QyokO8dxZJfX/PaLyDKVJ+v+8O6Rn/oBp+Dy++aZt4yySlNB9W"
    "2XzoB1SVEM5jFMdT6d+diDQukxDyoa5vEsJ6ZWzJ9SSl5HpVuM7ZO/1fH1vrnlRZOlA9SS"
    "bD1DkhTw6kwnpZYDOUElv+00kmV+wb2WAfL41shlAiW5y24u+eWYxLJ610Yrc6SWQ3p60k"
    "HzWJpJUhefwNu51xI2/33QfC5G0U3qymGGeeOiIwy+Sr/Sdf8fdjCfBGgDPPoNLZbRHwC5"
    "MW0uGgfu0Tfvx1CC0tJxEklbT2KbrZiak9edBnwyt0hgVnty0D2H10pzqBdYykyWCOFeRO"
    "xqbh5hRKNbYCNqdSDhAMMhddDLQw1bEFnhcYnGngEb40AbaBu4DA0RfQWFvQJhchYn/oTZ"
    "Md01fNzaZR7v/2QrWuAii83aR0TuS1Oc+P3BIMcvH3uaJZ/7qpep7h8W/n5xcXP5//dHH1"
    "4fL9zz9ffvgptEBmLxWZIq+7t9Qa2YzbQgLzZH6uZO2TyjpDpT2mrhX/YIom9zfeGf+AOm"
    "Ta48lIJTpJ/9bzy8Q/T1GnN+izW7D3KbpRegq7g39AE9JYXZwbmpDmHW3jwjlA+hhb+qW8"
    "pjES6Sfdu590ZuOlupuzNHWLrVbfceTU78pb6uId+Zq4geRqNbjq4LWtQzUl0Ija9vjU0s"
    "AnXab1dp6JuEyJVoTtkuspTiNXUWoVbbdF7W9vqtraOZD3IaqTtLP3IbrVaUIr4H5ITK6E"
    "VbHTHnXaN0ojuylIg+1GYOMbYcUqkfkuNa41LXK3FZnRYqMECsOTqaA/EkxBQNgCFn6GNl"
    "iYhPG2vngBfiAwmJm2w7GRbXmPzYYwWQdM1gGrQh2wg5R3D5dGFuJc222C5nixoyeUzBXs"
    "RB4s3MkrFE6fvEmlLbR/pwW5WoC9UTNApzcZMdtBeDhFncHdHa0a5L1XwzQg1dZ86Ourts"
    "pI37pxPS/SN6MFikQ/BBrPju78ErrhiWgwh3Xlrx0XL5kMntU6gmvFWkd8lEg7Kn98EzyS"
    "KYNoTyi8toFpAA0ZALORmmW90AvUta4T5QG5PziADv7i24VN4wu3KdU+771daypa1xguNd"
    "OSxYxfWYkJ2VlGk0kQ7cWVVCFt5iBVjavfDOxgdYyPgK63lZSANySosB90S4AvzkUAJqMK"
    "eoFle60tStZ/CwnqB/B7EXzf58P7PoOurPxWuTgaKkC7a15NoY8W1vIKZsWIUjyZUarTm/"
    "kFsN8MJtc9BdwPlU531PVZEOpU7CI9FRVxGirtXqY+GZpvAXOcSuIsgLM0JeXv7adpVJCm"
    "pO+R63s1JcnkkApYlBRaJrZRYFbyBjRFbEsqDMdutDCNCIG7oC5pLbQHAcM0ml7HK6//OF"
    "5B26VO6TMNUCEJ4IevkMiWeAY0FyzJvAXvrsCv15z2Wge4v5ClKYDCM00EWjTWWdl+I+yp"
    "xbvQBAlymVFSzYyS6ltSTtvvnloSZcSGFGkN5YbTlROy4qENdWg+bdnvNkFaQ0afqIAooh"
    "ZEz90y9qYklbQ47d3iZNKK1NilvYXUR1iqJxGHVDplBNwGnhuLj7RAFFRIXWXRotG+77YA"
    "eZmi7t39YDhuAe89LbK/UpBTUmAXzipIksmsgg1ZBbHog12zCmK3Ok1oN2cVJCcXP6vgdc"
    "LfmTWg73E1YzKILjaLzAXMSqAGapFQM25GAigJoIMfoUEVdAtqREOn3StaYIGfAfnVL1R3"
    "p8o9o3CAZkNAi1VAovjT4BKiuJs2oDIhcFYa4rblPuiX7RBUL8O996925qv5Of2Aiuws9W"
    "sEdBRTS6x4AM09UR0I0RY6YYa4hlrhiWiBQuq/pW3P6zStZHXlWF3CJXRwgeXesx1wk/aS"
    "AwQEl1V8rEAkrYtXP1qE1AocDi+0JhWgs5eIE0RQiAkcTSZgADLK80dQvhMJAzxrjkdAnR"
    "e8kNrDfAlHWIlcF76i/9UJFt6fu2QHSv+F9F+csiAZqzhWzna2i72s2ugexGQWbTclME4Q"
    "1RDp/ZjFKvLEHsH5MicmIbhU+JR2YoNE0ush8/cHNhenBTRgmU8QzEzLpTkq2CZnPLWeOR"
    "jo6CVcPpCx3FT7Xe+3XUKLzGKRqfhVsM0cZNOP/7IMyGP4LUduTJHVIJWlSClUfh8X+wRD"
    "nbA36N8Gw9OOwpQsU/fqqR+7vbEybAHvfYp63dG4BegrraPaG7RvvEKq3lE1XFbkz5nI5C"
    "+GfP95kko2WN3eUS4byjVkQzkZBCRzAyTXSzeUk+25ZHuuE0C2KJRFNjaSjY0qA3DlGhv5"
    "Jrqa9zXy7XV7geqO3atOSB3BOlzQ0yg7AzfainfraOTfhHUcincTAmfsP/ljHWb5DSPH/B"
    "kElvgJGpz8tUN9iYh1OUBFNjfKl9Er4cqtvXlOpLnRnXJ3rQxHavuG2eoSH6OrQ+Vu8Dl+"
    "3T8RjfCi0uNDgjPbmP1kq6PatzrKiRA9UHhoxQRUaQWU9iDZI+Uom1cJK1BSchNFNEklc5"
    "mKDUCx+JIdjROxcJbTBHajeSI5s2R7lNq3R0naNPK188josVk5X0ZjSxQuBiYiajP15FOV"
    "OPDgB3p0UVliAUpuYHRysmdKueTWiZHadTW1a5kafBAZhUiHW8n5cTop5Z+SlC+lUimVVk"
    "l6EpFKX0d86pA3ntTEzhcKS3owQkREImPfghG0aek7+sEBC+0J0iwxbBsm0ixw9u7tWxe7"
    "mvXmF+p8IKhb8Ec6FAQNQH7wSAmlAxBGkCtRHeyLcgQw+kUBW70vkFlppyFsJXgn/oiIEU"
    "lbUMX65dYTVcwrFp6f6BGMr7KbrUqpHhSvsuXH4jQyoUYE5eDhmAE592kXo5Duq6z7aoEt"
    "o7SlIEEkN9pUxxda09tZbGUqSNPuwVxwOhhXyTrAiQnPmgfgt5VJbrcFn5OUkstV5vKTZq"
    "05klN+zlQwXj5uso8bGxoQLsn+VjYGJUtYm1plewN3bs5c1VlxrWlFBoEkXW1wPXINOBkI"
    "lM+QerkIStQbkU1jKhF8T83QQxpS2sixUXsXm5sM1aodjtscbe8png5rygI8ix94tk3Xha"
    "xzsAZ8zrFAU83VF8ClcfE6Xi7pIANoC7JsGDkCULMtE9reQE7U/QG/bIqm6DaipneFtODa"
    "EzljAYaIQ0MPVhr5bEHrF/CFYeX9Cs9I/gVgsvxZPD/5jYSSfDNyzfkar50p8nV0pwkIrN"
    "h+oN1vzmghWubfIJ/e0JK0DgQ2fnbegiF5BRacuUCbuZBWpdFtzSH/CFoW+UAW95pICrF/"
    "PEXPC5P8Zf+30nK3mkX3pJcAI0HbvFeqU1roK/ggrqiFvqLb7442juQ6EJfiM3THEzZPSE"
    "k6bnx+HdEsIaEdWuzwnMh5cod/dbPg4UQDBRzlK4wt+iz3eOp5sMlj2XScNTS+ANOhz1Og"
    "r23ytAVxyRRoxhONsgCai5fkpGW98Pzje7//DtXlZZ04WSfu1N1ap5UP2bhV+sqwHSQYlk"
    "iLDAlbIDycovv2cNynxcz8g/SGI8KW/VcrI+qMS7BTy878NN1eGkq99jP5CP5zAqgDOWKP"
    "2CqIkR9xIbR795/a/cmdMux2yq6FOG0LxD9NEft0rYzDK+x4isgAmuDbAv4BTSu+V4ad9k"
    "ihicX+4RT1Br8FZ8PDKepMRuPBXQt479VYZV7QuVrI/aJwdXVXxld7pV2KAE5G5a+0ywzk"
    "/t3F9YuI4HgKxocKaxfJnpBwZn4r9XwIKWpQ1zU5XS9FnguX+Y+Fy8xTgUqpZfGNSCTAmw"
    "HWXBfanJqgRQJOSFK/HfcgnRWYCbzEhhuOr40vdo8BBOQ/OfS/i8OZoJGQpiH1rDYl8IwI"
    "JJhpMC38rBK5VH9U3YUNHRopWUbS4lPLSCIZbiHDLUqFWwTZIDvGWnT825zeenuVOIsuos"
    "3asP3StqDtNjhOj9SIZpHjwwzGqlo4eKPzY0S3z0QYBOtbE8wHMKNBAi5m7W/DTZZVH7Rp"
    "dt/a/SXocRM2m2P96bJukIN+Ez8WQcerMGEksPsymt1iEaS7ZN/ukgSnRBWrBFEN864+iK"
    "hWH/I1qw8n7jcpD3SjN/hNHY0HnV+ZIdc7nCLl90/tyYi5UcLDaphzvc2ohMAbjJehCxwZ"
    "V+YWy9ziU0BVe9JM7w+Kr/wEjVz9nNW/jQFBmg2k2UCaDcqaDQ6pEsezNTj6cCqZI18ZXq"
    "UGCpbLAXOTKNFeKf5kncDgmZZX/0aQkquo6jGziYPXtg5ZvcAmSF4yDbhcYRci/YWpPcXl"
    "BpuJNZi4Wd5l2W22YmqxFGj3LdAuNIR4KldB4ExEcsxQqfvuoeZqUqm9EmlgcJXfwOAq08"
    "BgCV2NTuksyPkdDOI01WhhQL+2Ni0MoodKiYmfIKpf6MJBwjLTj+gScHNIJehCoH/FJlKx"
    "b7RMOa8wtqCG+Ign6FJYPxDCQ203gaxy3I3lejDoJTaW6266MziLkj17x7Ang0yvVqbUCr"
    "9frbBSxsCq8XpPIinNVyub8hwjqpMx8Ng1SGTl92N00o2ZMJIQl65ZXSK+pKLQbm6lm9wu"
    "N/dSCWbjPuCN3aqu8CbXrgC83EKw5aH1b1NXWKPnUZXqrP8dPzQ4VmR6ullkPf7qDxCwGh"
    "NOuTSqif7guY3XyADP2H4EtB4LDWVa2ZhulQ7PblyKVqijq6u5a/ZXFlCz3QcibDPrrrTj"
    "vqodNz/uho/zKcTaVMbcGM35bcKaIuojGnf/MVEm5bPBPaoW8N6naDjp97v92xbwD6ZoNO"
    "l0FIW1xw0Pp+hju9ujp7z39Db0OoFPtPjVslSP24hC2of3bh+WGVd7zHDFOnlkl8oQStBI"
    "SDNxfWtdh9AoBWmCRkKahnSmmVYpPCMCCWYaTGjb2C71MIsoqvEwq1W/dlrQ0uJ4JvLZEV"
    "FUgx21ki2W5MmmzTk2lDH8lrPZxEhqUJOgyAWk/D4uBjz0APUG/dtgeJoLqfBi14XLlcvZ"
    "kPKji2Mkcn/Pc3c+vJR1FKQJZTiWdCRLR7LjavZ2XE9SykYwVW4EMzPRtn2dUqSSz1Xmc8"
    "LTUJLRaVrJ6apxuiJpIb9h+xHan4Lp0uA49dJDmkUOvmc2WF0kRm/uUYEg+LKy8RID7wZf"
    "gG+6awLNAaYLLM1xgQ1XmD6mqA8PWjNwRvswUD+f4+LVCho+sddZwfOVGm84TSoO/W0iHk"
    "UywGvPRb9LdSBE0qF4LDk536EYckXUoxgSVNml2BgvIJml/wbs17Ka6N7cpQVDnmDWhS4U"
    "cXx5KRJxfHlZUBP0Mu2+WmCnVPHVYHyV0d82ovsQ+K5420i++6R+gZD7851UR9eqGtSnLp"
    "olConEn84lGZ2mlayuNKttaJgOjchDUOcW9izMeeFQHzHzZQuZ4CO9CXhemFZCInjWaIDc"
    "DNtgSP8RzbvW8RKyUDpBOeFwuTIVUZo6tNERk+s5zXS8S4VKEm0iu2SM8NrI+uMFgiItc0"
    "kjG23wsDaIcgF88ibraGd4ze0eXmhTO8OkVJoFHMIqwmIajwWXkLCIFzC5t/vu0EBHtnbx"
    "Jb8LoVy+i4Jcvosgly9f01lzI2mKUmPWdYujOUJSTEU2rGG44fD2rNhVwW1L3KrDwoUcZ7"
    "a2gNc6G9BmWy32xMG2QbcYeugFCjRZgPYzbQhKdiNv6zmjjyIbWxZFIseYc4gvEbHhZOt6"
    "sGofxbVCWK3NnGsa+cy5JI1Cr2oUqmDueYWeVofpwvTaCYSn4+0oERUQ33pEIY3TSDxTAU"
    "HRdi0KZ4xEople87ZNN8oy+2ucpoY24AsRPSBfC0jvqtqS39G3SOqPaOpkBj5yPrxhOjnN"
    "lIugj1NJ8LcG35vBqjZziWAQYMrrx7BxFfDuIRmzNWPm5sxVnRUsuy6SdJIBu64Mg+fyFl"
    "gNBtfzLRkgzgBmnMhin59QERIcP5/ideRHmchSJ+Cpta1UPldIUI38oVqlc8lyopVjyQmW"
    "XAjrIZTkQYNfU2E46PWUG/W6TVvNxD6k7f4i2vP+qysELgLVhpqDOYW38lPvOKR1qEJ67B"
    "y8EMaShvg0nbTCC1jhKWg0y47iVj78KUstsxCqHP8kcwbz11q9cgZLRCXEIiFNxJPdy3Qx"
    "jQINeuRmJzgP/gpmfrqZaVK7nEHb1qydwfJuUyeYjhPjwiZXYZxLMP2EQvSsYLBQwItJJH"
    "Pkmk8QkJtbJk0for1qovvxQ1jEyISCUmJ1Tr14FL+EZLkwkiL7n2hagL//VDfs7ohGv/zw"
    "Eln+uz7lvysmnkpv53cHvnSqvTIDYpJDuQ09Qyi39OL698l45CTMpeuIJ4OgTxPejdXEM1"
    "OsSjXFQ4WHK7pHylCR0B4bJZBNE4z3+kziGdCIzG08YZ1w3o8kJ4L4wws5j6m8Hfaf5KXQ"
    "7HazHfJmZBD4MYLApZReHym9alC+UvSPvzmVjWBOkskZnZH/yHMAlkU1SSVBlfUMv1PfhF"
    "SlpCpVAXhPW5UaueQ25F+OoOuSN2+GpFSqzJhmkWrl+KNVJz58o45FC0+tbPwV6u4PDghu"
    "Auy1BR1whhHRjPAzJ6u3BN2eNafvxemxYyGkfEXJU3XpX3dUVlaiBMZc2uOJ+BenUjib+Q"
    "h1+ldLQ8wjPR7Cl6cHMPymW2vHfNoJas5Njgf6uxMBnWqVc2y/lAY6S1gj592+5zQTWZbc"
    "5pv54ZM82iMGGd+3h+Nuu3coi+Ghw4YdbFOZqQzgMZIj4twhSt/tYPiH+qmrDOn/+eM4kJ"
    "+LNC88z29eeJ5pXoiwCmczIj6WAT1BdMwY+l+796c6t3XN0tdeLJv6oDmldhUe7RFhv+mO"
    "OoNJf6zcqO07enCqk329Mra0jiUppXWsKtYxTsB2GEBZgXpibYJqg2NTYOebRXYELRgh5J"
    "6dU5chnrHqXQ9EfkbQIeq/5pUntF+agByaLns3TDoTdJdjTNjpTtIxWwHLZbPA3iDLRh60"
    "EFdJRUHfRTmocH7VOyFw3xWA+y4LLtnraRf6LL75aYQxEtnBr3T2IJU13TVvRn+0sJYDeZ"
    "wohfmMUp2eZaEA9pvB5LqngPuh0umOun6Kcyj1sIv0VFSYeagQvTyFMkbzLWCOU0mcBXCm"
    "Irn6H4xKbdAJoiNuIZNx5zjq1ZWIenWVr15dZdQrWSihcoUSZDxI/mo4TY1XJB5E2jnqxv"
    "U92Dli4rTjmHPEehFk50eZ1Nt2eKMTnAlCOcqsqu+OKI3oPeoE0EEtZtGU4tnNEhOuwHqW"
    "HCdgQwviz39waHcPDYH2fRc8whfyeWVpOmyxNAWyeTSBZlnAmxdB9gI7Tcm88zzL2t7vz7"
    "G3/avhrB9oKJD6SKYME4v9z57NzIJP0Mv58I2L7G5evnMiNbrgNjI5uprJ0WmWZdUcgbpY"
    "qXtUuVB0o0Oele3ubb8FgqMpImtK/VX5owX8g/Q6fCWvdmIRipq5k1QyLjdtOwn2sm0mek"
    "hc6RneHiptMpXJK5nZ5FVt93rqaDwYKiPvdOzEFLH3FmBv28z7czGjeIFNPGMSl7pnzbQQ"
    "Ed3z1Xo9VI3H+9nnZCuSg+ZzBJLwjpkcgT//NKfoxhyO2AJNZG+QB8942O2MG9kpuwdQRf"
    "Xmas7TjaDGV2kOqq+VFENx52bC+AwpSn8Jhgjo3GzwL7S73AOkXi3WRJXmrND5xlOiNxNw"
    "teJgkbO/k9Z2ZVTKdxyV8tpioIxLkXEpMi5FxqVUK15CxqXIuBQZlyLjUmRcirQNyrgUyf"
    "Ut4lKkRfhgFuE5xDOI9LJG4RSZtAtLu/AmSPdsFw5m4B5wvY3d6iRn60ZoU8u1tIH4taP9"
    "TgT2g8ayhbOUY0uPz+B8c3p8yYhY1OmXGMwaDojqQHM4l9qKZ0nPHyjSOmNpIjVuVWH6W/"
    "D5T9pLg42IGwTYkPBEuSgyaXWvl9W9Qmbhg9jcd4nBO43Yu+6w01NawHufovtB74/bQb8F"
    "/IP0hvM6cXdk8/zKbT6Zb/WJkexk9Knm0+941h0iI0Bb3cpaz6GVxmQBY3KA21a2ex6xRF"
    "0AdVszzLWjLkuhHSeSKAugnJY3hZFOE26JdkX184PCvdU+kqGUgAsBHtefSuGdIpRwC8O9"
    "3fxOU0rAhWQT6e2rmd9Hevu+R67nefu2ykI/Zmp1NcXlI2dWQ9vUFw1eVrV3pVmYUR2N2W"
    "SHzodBtiCoVguCJ2g73FYm+ZbgGEmVTZTbmoMvL0XMwZeX+eZgei1TT7wMwv7wGqJ7kBhs"
    "8o0ut4lvvpU3RnL80L4TN/OWeNTv/2H21/8DgSmEdA=="
)
