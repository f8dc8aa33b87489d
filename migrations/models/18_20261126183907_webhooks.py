from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "webhook_delivery" (
    "id" UUID NOT NULL PRIMARY KEY,
    "event_id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "event_type" VARCHAR(40) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "max_attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ,
    "last_attempt_at" TIMESTAMPTZ,
    "last_response_code" INT,
    "last_response_ms" INT,
    "last_error" VARCHAR(500),
    "delivered_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_webhook_del_endpoin_94a4fa" ON "webhook_delivery" ("endpoint_id", "created_at", "id");
CREATE INDEX IF NOT EXISTS "idx_webhook_del_event_i_9f48f9" ON "webhook_delivery" ("event_id");
COMMENT ON COLUMN "webhook_delivery"."status" IS 'PENDING: PENDING\nDELIVERED: DELIVERED\nFAILED: FAILED';
COMMENT ON TABLE "webhook_delivery" IS 'One event for one endpoint: its attempts so far and the last answer.';
        CREATE TABLE IF NOT EXISTS "webhook_endpoint" (
    "id" UUID NOT NULL PRIMARY KEY,
    "url" VARCHAR(2000) NOT NULL,
    "description" VARCHAR(500) NOT NULL,
    "event_types" JSONB NOT NULL,
    "secret" VARCHAR(100) NOT NULL,
    "enabled" BOOL NOT NULL,
    "consecutive_failures" INT NOT NULL,
    "disabled_reason" VARCHAR(500),
    "disabled_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_webhook_end_created_11ab97" ON "webhook_endpoint" ("created_at", "id");
COMMENT ON TABLE "webhook_endpoint" IS 'A URL that receives the events it wants, signed with its own secret.';
        CREATE TABLE IF NOT EXISTS "webhook_event" (
    "id" UUID NOT NULL PRIMARY KEY,
    "type" VARCHAR(40) NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_webhook_eve_created_7bb9b8" ON "webhook_event" ("created_at");
COMMENT ON TABLE "webhook_event" IS 'One change, stored once; its id is the stable `webhook-id` of every attempt of every delivery.';
-- The sweeper's claim: due deliveries, oldest first (only PENDING rows are ever due).
CREATE INDEX IF NOT EXISTS "webhook_delivery_due" ON "webhook_delivery" ("next_attempt_at") WHERE status = 'PENDING';
CREATE INDEX IF NOT EXISTS "webhook_delivery_status" ON "webhook_delivery" ("status", "created_at", "id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "webhook_delivery_due";
        DROP INDEX IF EXISTS "webhook_delivery_status";
        DROP TABLE IF EXISTS "webhook_event";
        DROP TABLE IF EXISTS "webhook_endpoint";
        DROP TABLE IF EXISTS "webhook_delivery";"""


MODELS_STATE = (
    "eJztfetz4kiy779SwZftiWA6pt3tnjnMjRuBsdrNDgYfwN3TZ9mQZVQ2GosSKwm7OXv3f7"
    "+VpQd6lESJlwt1fTFCqiyZrFfmL1//bswdE9ve2/bC+gOvGi307wYx5pheZJ40UcNYLNb3"
    "4YZv3NusqbGw9Kew0b3nu8bUp7cfDNvD9JaJvalrLXzLIdC4jaYuNjHxLcNuIc936DdkeM"
    "hAo8/tn8/OPyLTesSe30QunjqPxPLgNeh+hSzfQwsXP1jf38KrTGdK32WRx732uiTWv5ZY"
    "951H7M+wS/v+xz/pbYuY+Dv24Os/GvRVho9N3fCBwjIb/4Qmiyf9wcK2meIifUgfsfu6v1"
    "qwe7e33ctPrCX8int96tjLOVm3Xqz8mUPi5sulZb4FGnj2iAl24eUJBpOlbYdDEd0KfgW9"
    "4btLHP/75vqGiR+MpQ3D1Pg/D0syhdFB7E3w58P/Df+1RDNd7w/G+kgb63ojN6rwL2SGJL"
    "w1dQjMCIv4wLx//yfod80QdrcBL+h8bg/fvP/4E2OB4/mPLnvI2NX4DyM0fCMgZQOx5jL7"
    "zPG5MzNcPp+j9hlO0390Gx5HN9ZMXk/9iH0Rgw7A0sbc+K7bmDz6M/r13S+/lPD4S3vI2E"
    "xbMT47dK0Ga7gfPjoLngG/1/wN1kcVDq8p9sPjzfP4aBx+fybA4PdnhfyFR2n2BltTFfau"
    "KWrH3o8fBNj78UMhe+FRmr2uYxfsDhpZzhmDu/QfMsgU5xgd0cq8UzTal9fdfguxjwn50t"
    "W+asMWCj4n5Lrdb1/BjfBiQkbjwVBrIfYxId3+lTYat1DwmT1ZhfacjyJbzsfiHedjdsjS"
    "J2x64C7pE9+aY/7KSFNmhs0MSd9GF/IMovhqoT/QHBB7Fa7SEtaPu9d0RNvXN/C6uef9y2"
    "b8a481eHLG7q4yd99khynuBH3tjj8j+Ir+Z9DXssd03G78Pw34n4yl7+jEedENM7GhRHcj"
    "rqVG3TY8X196W417lnYPIx/+y7IM/IkMdMST0pF28bPztNU4pynVKMs8ytFefL/Sq+lBOc"
    "IdVKLTGd8NChDomA9PXP1nza88lz9RVdh6JFSJz0k6Ga7mNP6T5Oz67vpfdI2XWDfPTy7K"
    "AvrDsc+YQP8L1L/t9RqM3/fG9OnFcE09xXh44pw5mTtx2/yj+dk8e8cgxiPjEfwY+NdD7n"
    "eM+cKg49XgYDHxs2YZGjNNttoMxxBk0elAfOsZo4j0d3T3jF2PNrlDj67z4qEXy58hTG+u"
    "0HRmkEeM3ji0j7nl+dYUUZ5Pl66LyXT1EwebOcgrRIAaOtX9JeMOvXJ9D04N2ij5ABNzfV"
    "sBOwrYkVMrPhOCdc5KYJ2zPKyT/M9yTB7j734B+JAmO55q3HiFyTvW/hyn5K2Io2+u23/+"
    "lJK5eoP+VdQ8MQKd3uAiw/gn+iu3RSQiWqkRicvuqDO47Y9bKLqakKvup7HeaQ8vWyi+nJ"
    "Ch9kkbDtu9FoquJqQ3+Nbujb+1UHgxIV/bvR591c2g2x+PWij1dUJu2sNxXxvqXwa3nc+A"
    "dGRubINpnInAUGfFMNRZDoaa0qNah/N625FPdSD18I+6/auepncGlwAzrb9MyG2/+9+3wR"
    "c6jslvE9IfhBThhRxQFBUcqIQB/8GWw5bqQOphG9xo/RaCv7CmRmP9Qvvc/tIdsBWV+EpX"
    "aPeLprc74+6AEiS+TEjndjQeXOu9LkCKiS9yDKaLQULPj+TfR4N+Ed4QUWSxBmvqo/+HbC"
    "vA4eUYwn2ceMCL8hMve7hl5DroIHviRbJ7FWEuSSPzutnWjiRiRiq2ImWn9lrDybG4HFFL"
    "ESpATWZALVJWK45wgkyNr8zjCyOg/69DKum8KaIjKmO3486h9LFDW4Tn2DcAc6giCCRpji"
    "8KJMCc+6VlU3HSewuvfQ085yACgkWeMfEdd6Xb1tzibHFdUgBHcCgz4wNY8Mnta/TfpR8/"
    "n7378OuH395//PAbbcL+z/jOryVjRBXjrA/P8p5O0Bk2KeuWpAqDOZRbMXirif/LibDXpj"
    "u95zvTJ92f0Wk+c2yOmlHI4gJqNY/zjP7LsYjuhIp2mr0XjmNjg/BZnKLLMPaeEh5qAkeY"
    "8XH36IvBoJfaoy+6WVzy9vpCo+oz27BpIyuwf+UZDn61c/a/efoCu/qUC2EVTu0icjW386"
    "x+NmyLyhj0v9DdpY29KvIJj1YOOQXeVxs5hfFWx98XtI3HNZyUYEkc2p2GSLLlcOyxMBYL"
    "26IcpRrVwnXM5dSvtGIKyNWiOeRATSnvHh3Xqra5FXagBmvvg+XhxzlVqCq6bKWplL9WDp"
    "wN/U22sSCtqY8I71wO25/GFed0QNRC7GNCRp3P2uVtT7tsofhyQsBS9EVroeATLE23I2gS"
    "fDLv9JsbRhNcTIj25013CHfCCzlsSYHP2DY+rGlKBcnKDMmGTmoVFJ4ExfFgkncnouGowI"
    "5iVtc3sGO5MLcc9TSlGnVZRp2zd4b/fWKtB5J6Zef/NJkSJTluZB4GBagqY3OUirf800kF"
    "rOybs9E+XpmzOULF2fJQoHD3zPO4ciBQJ9HVSXJ2cyhQ+qhJBQIN6fE37HbGjaLddx8cph"
    "+juLOa8jh36oiwWQW07T+gjb8fKwZvZHDuDKocMbhm/MyC5EQcrl+EhJ/+GGLbKAiuyQQC"
    "fl53dmJqTxHr8y4rU8YLzm5bhWE3657qxKxjBKJGc6wkHjUxDTeHpeqJFbA5PHVAcBQN6j"
    "vIiMNHW+hl5qA3BnrCqyZyXOTPMPKmM2wubezSh5iwH/RTk13DX8PPh6buv3uh/GERK4Ld"
    "pHKc6YX1WOwNJ+g4FO5zZbP+dcMfA+Dxv87O3r//9eyX9x9/O//w66/nv/0SI5D5R2VQ5E"
    "X3CtDIZhILieDJ4vjT2gfqdYZaewymlfBiQm5vLoM74QUYZNrj25FOdZL+VWCXSX6fkE5v"
    "0GddsM8JudR6GushvIAgP5Zr6BKC/IKrbUw4BwjJY0u/kiU6QaJsz3u3PT+4zlzfzVia6W"
    "Kr1XccOfWHspb6zo7jmupAjaoco+o5S3eK9YxAI+wzwqVWAJ8ymdbbeCZiMqVakeNWXE9J"
    "GrWKMqtouy1qf3uTbGvnQNaHde6pna0P665Ok7UC5ofU5Eqhip32qNO+1Br5TUEBthsZm9"
    "wIJcvuFprUuGja2txWBqMlWgkk26dTYfpEeYoiwhaynRfsoplFB96dzlYodK5GD5brcTCy"
    "LfvYDISp3Goqt5oMudUOkjI/Xhp5Fhdityma4/mOHh7F3Zv7aLQTBWzhTl4hd/p0J1IjtH"
    "+HJGctxD4ABuj0bkcMO4gvJ6QzuL6GTEzBpxzQgFJbi1lfX7VVefrWbdSLPH1zWqCI90Ok"
    "8exozq+gG56IBnNYU/7S8505k8HzWkf0rFzrSLYSKfEVtm+iJzplCNTZcpYuskxkEBM5rK"
    "Vh2yt4AKb1KVUeiP83D0HjuxAXtsw7bqGvffa9XbkvyBWN54ZlqwTRr6zExMNZRZNJEe3F"
    "lCSRNnOQTNHyF1g7WG7oI3A32EoqsDcmkNgOuiWD35+JMJi2Kqmvlq9fN6uYUy8mqB+DP4"
    "jw90Mxez/kuKuy6UnnRwMCtL/k5Wn6ZDtGURKyBFFmTB6A6vRmfgnbLwe3Fz0N3Qy1TnfU"
    "DYcg1qnYQ7i1Tow11Nq9XM438rgFm5NUis8CfFZQUvHefpqggoKSfsRR3yuUpIJDJECUNE"
    "i92yiBlYIGTRFsScdx240I04gS+DMwSRsxHoRMy2wGVcSCmu7OArs+GKXfGAiEJOTc/4Wp"
    "bOk8IMNHczpv0buP6I8LTsmyA/QvhDRFrAigiUiLdqasFIIZ1ynjPWiiFLmKKJEzokR+JO"
    "W07e6ZJVFFbMiQ1lBuOF05IS8euniKrectawinSGs40CcqIIqoBetztwrelKZSiNPeEScL"
    "snw7PtRr0p9wpTpPHFJllBEwGwRmLD6nBbygYmqZRYtG+6bbQvTPhHSvbwbDcQsFn1mR/Z"
    "WcnNICu3BUQZpMRRVsiCpIeB/sGlWQ6Oo0Wbs5qiA9ufhRBa/j/s7QgH4wqjnIYP2wWQYX"
    "MJRAj9QioQLnjAQBCYLGT9gEBd3GBtXQoSJIC82cF0T/6xXo7qDcMwoPGS5GkKwCU8UfnE"
    "uo4m65CGRC5C0Mwi11ftCX7eBUr9y99692Fqv5BTWWynCW+hVXOgrUkkgeALEnuocx2UIn"
    "zBHXUCs8ES1QSP23je3HOkurhlq6oa5gEjq4wHITYAfcoL10AwHBZZFsK+BJ6zuLn21Kak"
    "cGhxXkpEIwe6k4QQWFhMDRZAIGoq0CewSMO5Uw0IvhBQRgvOC51B7mJRxhZW26CBX9v7xo"
    "4f1zl+hAZb9Q9otTFiQTGceqYWe74GVyc/cgkNl6u6nA4xRRDTm9H1hMkhN7FNSh4p3V0a"
    "PSU9pLNBIJr8fM3h9hLl4LGci2njF6sGwfYlQcl94J1HpmYIDWczy/p225ofa79rddQIuK"
    "YlGh+DJgMwfZ9JP/WY7JY/y9QG7MkNUglKVMKdT+HJfbBGOdsDfoX0XNs4bCjCxT9+ypn7"
    "q9sTZsoeBzQnrd0biF4C/kUe0N2pdBItXgSg6TFf1xFrH4i6HYfp6mUkVrtzeUq4JyDVVQ"
    "TjkBqdgANeqVC8qp8lyqPNcJcLbMlUUVNlKFjaRhsHSFjUKIruZ1jUK8bi+sumZ91YlTR0"
    "CHS2oa5WfgRqx4t4pGYSes4lCymhB6w35T2NZjyG/sORbOIDR3nrHJiV871EtE0OWIK6q4"
    "UbGMLoUpt/bwnEhxo2vt+kIbjvT2JcPqUl/XT4fa9eBL8nl4Y90i8EpPNonubAP7qVJHtS"
    "91VOAheiD3UMkEVIUCKjxI1Ug5yuZVAQVKS26iHE1TqVimcgAo4V+yIziRcGc5TcZuhCfS"
    "M0uVR6l9eZQ0plGsna9Bj83K+XzdtkLiYmQRqjaDJR9U4siCH+nRZWmJBSi5jtHpyZ5L5V"
    "KYJ0Zp13Jq1yo0+CAyCpUOt5Lzk3RKyj8lKV9JpUoqlUl6EpFKX0d86tAPntTE7pcKS9Oo"
    "hYiIRNu+RSPsQuo7+OKhmfGMIUrMcU2LGDZ68+7tW9/xDfun38H4QLlu45+hKYoKgPwtIK"
    "WUHiIOwVyJ6mAvKhDA4EXRsAYvUFFppyFspcZO/IhIECksSLJ6ufXkqsNLFl4c6BG1l9nM"
    "JlOoB/CravqxJI0KqBHhcnQ45phceNolKJT5Km++mjm2WRkpSBGpjTZT8QVyenuzraCCLO"
    "0e4ILT4bFM6ADHJzwPD+DvC4t2t8U4pynVKMs8ys+GveRITsUxU1F7ddzkjxsXmxjP6f5W"
    "1QclT1ibXGV7Y+6j9eDr3oKLppUBAmm62vD1yDnglCNQ8YDUy0RQId+IKhojhfM9wNBDcC"
    "ltFGDUwcPmJqBad+N2m73tA8XTY0VZUID4oRfX8n3MKgcbKBw55mhq+NMZ8sEvfurM59DI"
    "RMaMLhtGThA2XNvCbtCQ43V/wJdNyIRcramhVwwJ157pHRsxjnjgerAw6Hcb27+jO8ar4L"
    "8IQPI75NDlz/z56f9IKembiW89Lp2lNyGhju41EWWr495D9Zs3kIiW2Tfot58gJa2Hkeu8"
    "eG/RkP5FNn7wkfHgY8hKM3UNj/4ibNv0C13cSyopJH7xhLzMLPqTw/8V0t0aNuxJq4hHgt"
    "h8kKpTIfQSHsSSIvSSbr87YhzpdSAuxefojidsnpCSdFz//Dpys4KEdmixIzAiF8kd4dPN"
    "goe3bihgKF84jg1neTCmgQWbHsuW5y2xeYcsD85TNF269LRFSckUGeYzeFkgw3fm9KZtr3"
    "j28b33v0N2eZUnTuWJO3Wz1mnFQzautL42bEcBhhXCImPCFoovJ+SmPRz3IZlZeJHdcESG"
    "Zf/Zyqg641Pe6VVnfpZuLwWlXvtMPoL9nDLUwxyxR2wVJMiPuBDavZvP7f7ttTbsdqquhS"
    "RtCyW/TQj7dqGN4yfsekJoAwjwbaHwAsKKb7Rhpz3SILA4vJyQ3uBrdDe+nJDO7Wg8uG6h"
    "4FOOVRY4neulo1/mrq7vOvByr7RzEYbTVsUr7TzH8rB3cf1iTXA8BeM3ibWLdE1I/GB9r3"
    "Q+xBQ1yOuanq7nIufCefGxcJ47FUBKrcrfNYli8GYGG76PXU5O0DIBJyap3457kMoKDAKv"
    "sOHG7Wtji92jAwH9TR78dnF2pmgUS7MsDVCbCvxcEyhmZplpOy86lUunT7o/c7EHnpJVJC"
    "0+tfIkUu4Wyt2ikrtFFA2yo69FJ+zm9Nbbq/hZdAkUa3PcVdvGrt/gGD0yLZplhg8raqsb"
    "ceONxo8RbJ8pNwhWtyaaD+gBnAR8h5W/jTdZln3Qhei+pf97VOMmLjbH6tPlzSAHfRPfF2"
    "HqLOKAkQj3ZTS7+SIoc8m+zSWpkRJVrFJENYy7+k1EtfqtWLP67cTtJtUZ3egNvuqj8aDz"
    "BwNyg8sJ0f783L4dMTNKfCkHnBtsRvkjt8TZKSapk/fCkX2PVRCyCkI+Ba4az4YV/MBKW0"
    "SKTG0TW28TJZBEGfvrikWoABFpBuSHRSwOqY0nA0U4qngmjqRYD19kGgpm6kGPFtXfgyoA"
    "6RSF0SlZlHpHkJKrI08TiI3nLN0pZqkKmyj9yDLxfOH4mExXTOMqz3TYTK3BVGdFj1WhW8"
    "k0ciUi71tEnhmE8LS9Ep+dNckxvbRuuoeaq2l9+qNI7YSPxbUTPuZqJ8yxb8CUzjO5uHhC"
    "kkaO6gnw2tpUT1gfKhUmfoqofl4TB/EIzR7RFdjNIVVMF2L6X45FdCfESzMqouPY2CB8jq"
    "foMry+p4SH2m4iWeW4G8vFYNBLbSwX3WxRcuag++Yd4z1tZPlKK/zBtUKp4EXZxnpPIimE"
    "ylWNtk4QKWxxe3RLJZ0/RhHfBISRZnHldNkVXFskZe3mKr7p7XJzGZdoNu6DvYmu6sre9N"
    "oVYC83B2111obd1JWt6/NIphTvf3fuGxwUGW43y9Djv8IGAqgxHSkfHKrgH350nSUx0Yvj"
    "PiFIBQNeVAvXga3S4+HGlWiFisn6hr9kP2WGDde/p8I2Q3cVjvuqOG6xyw+fz6fg5iMN3L"
    "ie89t4VK2pjwju/vetdls9ED2gaqHgc0KGt/1+t3/VQuHFhIxuOx1NY5V548sJ+dTu9uBW"
    "8Jndhl7H5wrybs0rldddUyh8eO/4sAr22mNwrTOlR3al4KQUjWJpzlNwOZ1ibFZiaYpGsT"
    "TL0gfDsivxc02gmJllJnZdx610mK0p5DjMalUqHnJp2hzLRPFwrCnkGI5ayRZzerIZjxwM"
    "ZYy/F2w2CZIapEMoMwFpf47LGR5bgHqD/lXUPDsKGYdl38fzhc/ZkIqdlRMkan8vMnfer6"
    "oaCrKEyh1LGZKVIdnzDXe7UU9Tqho0MtegebDItiWlMqRqnGUe55SloeJAZ2nVSMs20pKE"
    "hXx13Cfsfo6mS4Nj1Ms2aZYZ+F5YY32War25PAbB6G7hOnMHBR3coRC6ayLDQ5aPbMPzkY"
    "sXDhxTYMPD9gN6AyUgwM7n+c5igc2QOCjqENhKzZ849TEO/TYRiyJtEFQGg3fpHsZEGRSP"
    "JScXGxTjURG1KMYEMpsUG+MZprP0X4j9tywdezB3IVfJM86b0IU8js/PRTyOz89L0pGeZ8"
    "1XM8erlPc1ai8z97f16D4Efxe8baTYfFI/R8j92U7k0bVkY/Wpi2apHCbJ07niQGdp1VBL"
    "PdQuNi0PPPIInnJzipbGvHCojxj5soVM8Ak6QS8zy05JBC8GOMg9OC4awi+CuOupM8fMlU"
    "5QTjhcrIwkSlMHaiwxuZ5Txyd4VKokQf3aORuIoIJt2F7AKdK25uDZ6KL7pUmVCxSSN1kx"
    "PTOoq3e/gnp6pgVUho08OlR0iMEfC88xHSKew+Te+t2hdo+qKhNKfu+FYvnel8TyvY9i+Y"
    "o1nSXXk6YsNGZZNz+aIwTFSLJhDeMNh7dnJZ4KblviqA5zF/K8h6WNgqrdCOp8tdiJ47gm"
    "bDFwGTgKNJmD9gvUIqW7UbD1vIGjyHVsGzhRAOYc4iUiGE4+rwfL9lGeK4Sl+Sx4ZtDvnE"
    "cKFHpVUEjC2HOJTqvDFIB67QDC07F2VPAKSG49oixN0ih+ZhyC1tu1KDsTJIqb2TXvurBR"
    "VtlfkzQ1xIDfi+gBxVpAdlc15vxiwqXpNud1LCh85Hh40/IK6jiXsT5JpZi/NfODGawbDz"
    "4VDCKe8kpBbFwFvD7UwGw9MI/Wg697C1x1XaTp1ADsujJMnslbYDWYXMu3GgDxAWDgRJ73"
    "xQEVMcHx4yleR35UgSx1YjygbZXiuWICOeKHahXOpdKJSjckJ5hyIc6HUHEMGvycCsNBr6"
    "dd6hdtqHKT+JLF/UW05/1nV4hMBLqLDc/hJN4qDr3jkNYhC+mxY/BiNlYE4rN0CoUXQOGB"
    "aRBlB3yr7v6Up1ZRCDL7P6mYweK1Vq+YwQpeCQlPSIvwZPcqBVTXjgY92tkJzoP/RDM/W0"
    "c1rV0+YNc17J2ZFXRTJzYdx8eFTa5SP5do+gm56NlRYyGHF4tK5sS3njGindsWhA9BrZp1"
    "f3wXFjEyIaeURJ7TwB8lTCFZzY2kDP8TDQsI9x953e6OCPoVu5eo9N/1Sf8tmXiqrJ0/HP"
    "OVUe2VByAhOVTb0HOEaksvz3+f9kdOs7lyHvG0E/RpsndjNvHcFJMpp3is8HBF97UyVCa0"
    "J1oJRNNE7YM6k84DMqjMbT47UzryoSc5FcTvV/S+A/J2XH+SF0KzW2c7xM0oJ/BjOIErKb"
    "0+UrpsrHwl759wc6rqwZwmUzM6J//RcwBX5WqaSjFV5TP8QW0TSpVSqpQE7D1tVWrk027o"
    "rxxh36cfwQzJqFS5Ns0y1coLW+tesvlGHQsSTy1c5y889f/moagT5C5t7KE3DqGakfPCie"
    "qtQLdnzelHMXrsmAipWFEKVF346Z7O0kpU4DGX9ngi/vtTSZzNbIRT+KmVWcwjPR6Hz0+P"
    "wfj71F561vNOrOZ0cjymvzsRpoNW+ei4q8qMzhPWyHi37znNRJY5t/hmsfskj/aITsY37e"
    "G42+4dCjE8tNuw57ggM1VheILkiHzuUKXvajD8pn/uakP4Pd+Ow/IzkeKFZ8XFC89yxQuJ"
    "o+OHByo+VmF6iuiYPvR/dG9OdW5PDXu6DHzZ9HvDq7Sr8GiPyPbL7qgzuO2PtUu9fQ0Xpz"
    "rZlwtzS3QsTanQMVnQMY7DduxAKUE+sTblaoODKbD7zTIcwYhaCJlnH8Fk6Dyw7F33VH4m"
    "2KPqvxGkJ3RXTUQvLZ99mhbMhKnPARN26kkZZiVALpsleINKG3nQRFwVFYXpLsqBxPFV74"
    "SY+66Eue/yzKV7PVShz/O3OIwwQaIq+FWOHgRZ01/yZvQn2zEKWJ4kyvD8AahOD1koYfvl"
    "4Paip6GbodbpjrphiHMs9bCHcGudmHmoUb08w2WHPG7B5iSV4rMAn0Ek1//XIZU26BTREb"
    "eQ23HnOOrVRxH16mOxevUxp16pRAnSJUpQ/iDFq+E0NV4RfxCFc9Rt1PeAcyTEac+zHgmr"
    "RZCfH1VCb9txRyc4E4RilFlW3x25NII+6sSggyJm6ynFw81SE64EPUu3E8DQIv/zv3lQ3c"
    "MgqH3TRU94Rb8vbGOKWyxMgW4eTWTYNgrmRRS9wG4DWXCfh6ztvX8O3vaPhre8B1cg/YlO"
    "GSYWh98DzMzGzziI+QjBRdZbEO+cCo0u6UYFR8sZHJ0dsryaI5AXK9OHzImiGx16Vra7V/"
    "0Wiq4mhK4p/Q/tWwuFF9l1+EpW7dQiFIW501TKLzeLnUR72TYTPSaWeoa3h1qbTmX6l85s"
    "+ldv93r6aDwYaqPgduLGhLDPFmIf28z7MzFQvAQTz0HiSvesmRYionu+Wq0H2cZ4P/ucKk"
    "Vy0HiOSBLeMZIjsuef5hTdGMORWKCp6A168IyH3c64kZ+ye2CqqN4s5zzdyNTkKi3g6msF"
    "xQDfuZEw4YCUhb9ETQR0btb4d6gud4/BqsWKqELMCsw3nhK9mYCrFUeLnP2crLarvFJ+YK"
    "+U1xYDlV+K8ktRfinKL0Uufwnll6L8UpRfivJLUX4pChtUfilq1LfwS1GI8MEQ4UfsPGAy"
    "rQoKZ8gULqxw4U0s3TMuHM3APfD1KtHVSc7WjazNLNfKAPFre/udCNsP6ssWz1IOlp6cwc"
    "VwenLJiCDq8BKToeGIqg4Qwzk3FjwkvbihSOmMuUX0JKrC9Lfo+z+hlgZrkQQEWJP4RjUv"
    "MoW61wt1lwgWPgjmvosP3mn43nWHnZ7WQsHnhNwMet+uBv0WCi+yG87r+N3RzfMvbvHJYt"
    "QnQbIT6CPn6Xc8dIfKCNjVt0LrObQKTBYAkyO+bYXd84gV1wW47hqmtfT0eSVuJ4kUlwW4"
    "nJU3hTmdJdyS25Lq5wdl91b7SI5SMVyI4Un9qRK/M4SK3cLs3m5+ZykVw4VkE2Xtq5ndR1"
    "n7fsRRL7L2bRWFfszQajnF5eOi0V8N28bcqOrwSbMMiX5ZtxEq7xwVbYP4Zgd+N9RpBlft"
    "hes8usb8d2Qg21kZtr9CU/rbaDtWD84yobwz/UkeuHn7jsMvA73f7rle45mKZNEb4yDodD"
    "Hp7FMFbqsKdJJtNzv6HSSneBW2pskUW2Uo7CeXo/6rVPW7N2yD64xQxvcE0fHKUhy42MqR"
    "+b7AxOTm+C/je4JI8X07visdvHhATlMbUzr4jzjqe9DBD69l3gRaWKNQ2YwaNDfrnPoi0V"
    "aokF5Ueo+lz0K9wbd2b/wN8md9bfd6dNbcDOj2OIpTciHDo81CNTJ8Gb/S3j46npAJuYNl"
    "ogcP7qIGhovRi+P6MxQ8NuaQcv8OzS1C30BXje9FifkTycSmS9fFZLqi/d7Rjdq06Pq7C7"
    "L1ewg/Y3cV9M+uUdSiiYxHuhA8H90Fb9fvlyZVfu92TeUvn+71Y+i8iQmV53txGcE01REr"
    "rf1yKhUEE0uxmsiaIawRb4+tMCQ3qIpqQ5a0RuXujq8+sJOjIk6RoFKK23act6noF8xg3Z"
    "/RE2Hm2BVHoagHtRp2Ww06/r6w3JVuGqsqpy6fuEaDsb9Cp4xTXsAqvB10ke9gD7qsZHw/"
    "XdU1j1hgwyVQP52VMM+Pd7Hvdo5QjrB9eF9twvapDulZPJf6ws0uQaEKOWf3N4XOFbNaoX"
    "MHQ+fGrkE8YxoOSQFCl2zUFEDp/Ex7IS+RufOMIaAUgK0QBntzF+Filocg4BSbrRC3Al8P"
    "z/KtZ9qbie/hBsGPBtzgVLM8QP8isZEhOwIgC7xBIBzSc5ZuYDYMrlQm/deW5YuhtNQAig"
    "KYKSLl4/DDBUQOtcvuuIWCzwm51C7gK/uYEO3Pmy7kZg8+J2SofdGGo3avhaKrCWlf/v12"
    "REmCz+xm9joBlHRE/CVHBhesJhFTHzFL2c1gNNYuK4rbIRWEr8LnhNxo/ctu/4reCC4mpN"
    "Pud7ReDxrFl3IMUhHovxkXPa5MXpNzI+dApBsPPnar8T9HWiPw58ij4OI5/Q8qOxSlyBQy"
    "vR3vA1TN20J9TVMqQE4ebTUPyBnPhsXYvMU4Z2nVSMs80i42uPkyivPCrClqkMw6LamdC2"
    "WGOS/JDHOezwyzxgG2kqhjaqmVIaoDaXQediEhzPqaKkVdSFt2cRs8SX6jKtIXrU+1H/Yx"
    "Idft/i2oR8FnqEB9CxUoWaq6xUBOhfWSItpLiv3XFvoOn03JhShAbFaOkUjTKQl7WynPMv"
    "F84fjgZKg/4VWV6c4hrVtdiYNMeWPqO1XjrJI0Krmrin2ot52tKPZBEjvbJbYt8L1ucMxr"
    "8bNmmVXNtGDg7pcwnpD6dU0iZFijBI8W7SoOlA5c1t0laSKDmOhlZvjgSr5Cj47Pt51V74"
    "IbRk3bC0VQr9utgePIfJaJIU0sSmVEk9OIth5N0fNrTaHMZ9njS7qginqwVQW0H4KtDlg2"
    "uIpCMU+TNEp4PX0rbGA2rQjUNfJm16H2tT28BKtrdDUhoz+6Nzfapd7uDbX25bcWytxYt+"
    "j2AU4aDBNt4lsT8qndZfbc4HMbUOlMpFLVWXGlqrNcpSopkkG8tkbyilFG1Ri/oxld8b3F"
    "8x6sPP8Lu1Cjsu2ohArnVpBJllbZ/GS2+SlorHjpKWjsENBYAthq8OCx5POmKEQmhoy1k5"
    "kTXAw/hk4AwLXA19vDj+Ar3kSUa00EKgmkdnAIgF4Y8ixAW286w+bSxryiOvvtXMTZPJuj"
    "MAGMMbfzWPgn+LuvA8QSPUqvXpW18NUzOCiQR2nPAfvanXH3i1ZVeQ6oWij4nJDO4Pqmpz"
    "G35vhSZj/maO/TdwkWyHUitaNMf/C1heifCRnQoWgh+EuHaAjuMfB3Qi7b3d63FmIfE/JV"
    "0/6Ar8GnXMOWH7HiSN0kjRxBurWqrR3IHvrCsa1pgbvG5pWU6+SIGyCsA/1GG+odKuS2u1"
    "f9qnthroNgbaVuBYuO3RreJhvQb3KAgUWQVPHCKgSkVPWyCusnKSvnmF+uE2dIFfQhM/Sh"
    "HNuO7tgWaZ33q6pqTpZQWQmVi9uPieOpBCJ1HnXOySVTApEkOjtcbgRwoUlT2M3RXVZIHe"
    "JMw9S3OPBLTPb0O5rahgUVzu9X9NGL4z5hSKFr0r8GsrHhYSj/Qqnxi4cWkBh3tiRPfD/I"
    "Q72I6y2Z4kfoDhlqy3SUHZfjOLnGqDgtFaD7aoAuZyhFWc4hVcCucoo8Cl6e2kMqChU54h"
    "rKFacrR+TFxxM0juzPtfC232d3wosJGd12OprGvA3jywm5aQ/HXQhGDS+yjoNS21SIsfBm"
    "jq/7xhPmBHZfOA6VUUjBYs4RZ4b5nlIfapzjO8ddwReDQS+1eC+6GV+p/u31hUaHgY3Cuu"
    "gtJzlGGD6T53qhI1uSpDY5SfaXiZ9ZJHgZyEtCgNckiqFZhnpP1mJRiZ8JCsXOLDsfDMuu"
    "xM01gWJmLuk9qM76kviWXVUIzZAqG4zMEmgIn+j3lcwvaSqVR0PI9oJdl6fRjfH3InEkIq"
    "gDg8sWjfbnOLVeckbkeM30Bv2rqHnWspzzO3O3Q+bTlGr7knn7erCI5c22GuYMqRpnmcdZ"
    "WVeLT67TtLNJHiXRCWHqsWs9PjLjUM7Olm3SLLOzxbC3n2gtEC/R637RdHApHvST4Q1hL+"
    "gNhDaADxV6cNx5E01nePqEzZ9YghB45i4JZFkNClJi1+OFTRzkHaqG5ekZzDCciVE0j6jP"
    "Y5rq+O7ENXJ8xM+GvTQqF/lLkdUGyjhyxO3c8MF4Vo3zCSLF923zhxehyuW5JWsILB+7hq"
    "LBR59LU10YtcOfj8x1VcGtoSq4KcXwZB0wQ21Pe8bE7weTMKcZ5to0y1TDUM/SMTTXSdR+"
    "s3JIECNBQIKMWF8DYRsTqr85LUgPiegcwZ6PwFskqMW2WEI8/HI6C+g92iJseO985yiIh3"
    "sP1wUz4kBSn8t6XVZyrVRZJ/d7mKkY+iP7BEYrQtQ8F7WXOfh6S8vcOyHL3LsSy9y7wDIn"
    "13HShS2x5CgJngsdI1bcVABe9HzHxSaChFHhJu9DVmHPoTt9tM/PjRWaGi7d+u+dpd9EL4"
    "blA9z34LgohB5ofzxgcc+97wApBmdr1cMhSaWOiD0dEcqSUzOBXXJLTriDDhliVLLFhg2E"
    "9lh33XarWKlo84NNzojzuyfSuls+ejSeOUmudu6NK3JnBLD1CzjhTtmUV8Wp4VXm+JPcoJ"
    "UMr5KdnwxbE1tVBQUpTaXUpGI1qXlkIVp+t6rXMRucXqRY9SFo8LLNd9qQNx4iu+BTLLd8"
    "VmoScvlVueRrs1hULnmVS16NikJcFOLSfEXEZUznBNdxNvW8KYK3+HFTEauoRYKdA73Qae"
    "W8tMJk4Mz2GNfSM3x0Zy6hLvodWhIbex57bgD+jM0Qrp6BuwuB7DL4wXEhlQzXPHrwF4qA"
    "NixsRY+l7arATSgiKlRGoTInsXUrVEZitmb2okr7Rp72eF5vNdlGpIyClG1ATkTWEwqPC+"
    "SKqkO8plLDK/Xwnh74t780UbzkThPyqTtkGaDgY0Kuu6MRfA0+t0H/9p/6SWndxayvl9at"
    "3NHrPOqSu6N/xfczx3m6DGo+rhocuCXbpFmGuLwEjXUz2VrIxyUAMB5YUTX6jZgMUW+xCG"
    "HD9/F8Ad7gDu3CZZ4pAH7YhufTL94LdvmuLvvoVKSOW9Rz3k2lGRRnA1+WNLaiMvu+WqBy"
    "sWJZzOsShVLp65npL8zTNJliK9dhgvGDK7uXzdSISmaD/ZbOKR9EfFM+FLumfMh5pvzICt"
    "KlBvk7mDoUX2Zz5MqhEkUHdn6cCsHAJEltIo73FvwK47UFU7NkdcJX98ZbVkks5NK2hcjS"
    "5CrDmDwqXF5zB61hh/HmkKvxln68aX8L+hOxDm53FXZQPnGNXJT2l0c4xal5lWOKR6pYXM"
    "DiguSyxVpGmqoOGWbT4uu5kAf8eYkH/HneAz5ExbYCeLO06niQ+XhQ5pvaDrNcyL0WYmiN"
    "YuQ+btIUQe5xsrVACoDbYS8Iy3fxFNMdKnBLjDK2+OjFoBdN5FmP4Jf4Yvkzhr47LwR5mE"
    "52nkvknjoVQe7zUL0C518VnF+6nIoRxXJI2LyGMOfZL6JVBErLCHCEkPU/V4HRGbIjQp2H"
    "mr9HEPjWWDxHcynOiZshU0lxd0iKG5wHVWb6mqKGu8phInsJ/Haeo25ZgboE1REr00WH5s"
    "kWpoOX4unSp2KRDiWoli5vcymJEOWTK/NIltGm5bEJqlMR0at4WOZJFUQiBpFEnNsCIUmT"
    "KoBENs1ZASRiq+w0PR2Vf+uPOOqn4d/KUik3SiAy9rwphI/FTYXcWqczgzzSZ2EuS4dM8e"
    "8Mq7JMZAWwlsfege7CN/xsmXeQmA2D/2zkpbq+EXnW8h1eD/u6ioCagtJeF0qr6jmofAYr"
    "+AwujJXtGJx5XAzrJEgUpLMDpKNkx22GQnKpQSrjWhu71nTGExjCJ6WigrFus0lGKB7YHb"
    "JV807XHyXPxo7oT/FhWlh4p/g8La68U4cj9ez8XMQ8dX5ebJ2CZxkfb7qoKnA4bF5D7h4E"
    "p6dv9EPtRVRmSZAomaWizPKqh9l//j8xzwMy"
)
