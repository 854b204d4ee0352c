from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "message_read_receipts" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "read_at" TIMESTAMPTZ NOT NULL,
    "device_type" VARCHAR(16),
    "read_context" JSONB NOT NULL,
    "message_id" BIGINT NOT NULL REFERENCES "messages" ("id") ON DELETE CASCADE,
    "planet_id" BIGINT NOT NULL REFERENCES "planets" ("id") ON DELETE CASCADE,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_message_rea_message_471431" UNIQUE ("message_id", "user_id")
);
CREATE INDEX IF NOT EXISTS "idx_message_rea_planet__66f719" ON "message_read_receipts" ("planet_id", "user_id");
        CREATE TABLE IF NOT EXISTS "planet_read_states" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "read_through_seq" BIGINT NOT NULL,
    "last_read_message_id" BIGINT,
    "last_read_at" TIMESTAMPTZ,
    "planet_id" BIGINT NOT NULL REFERENCES "planets" ("id") ON DELETE CASCADE,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_planet_read_user_id_594646" UNIQUE ("user_id", "planet_id")
);
COMMENT ON TABLE "planet_read_states" IS 'A member''s read position. Everything through ``read_through_seq`` is read (\"mark all';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "planet_read_states";
        DROP TABLE IF EXISTS "message_read_receipts";"""


MODELS_STATE = (
    "eJztXWtz4ji6/isqvpyeU9lUmly6D3vqVJGE7mY3gRSQmZ1tptzGCNDEyIwv6c7Znf++ku"
    "+yLWM7BoSjLyHYemXzvNblfd6L/9VaG3OoW6cPprFAOmx1wL9aWF3Tf5KnTkBL3WyiE/SA"
    "rc5codbGa+QeVGeWbaqaTY4vVN2C5NAcWpqJNjYyMDmKHV2nBw2NNER4GR1yMPrDgYptLK"
    "G9giY58fU3chjhOfxBOve/bp6UBYL6nLlbNKfXdo8r9svGPXaNln1sf3Lb0gvOFM3QnTWO"
    "2m9e7JWBQwGEbXp0CTE0VRvSK9imQ38BvUH/xwY/yrvZqIl3lzGZOVyojm7HfvFMiY61FG"
    "UwnCjj3kRRWiUw0gxM8SW3arkALOkt/OV/2u3z8w/ts/Orj5cXHz5cfjz7SNq695s+9eFP"
    "72YitLyuXMz6n/uDCb0hgyjR0y498Kcro9qqJ+UqI0IfI+3J/T+lg5uVamZrIC6T0AP5gU"
    "k9BKjHFOHDHOohaBIpInr+9qGJtfpD0SFe2ivy9eIsB+Sfu6ObL93Ru4uzn1ikB/6ZtnuK"
    "Yh7DuCy+jcX2/VkRcEkrLrruORZeAsgcmtkA97CzdkHuk7tSsQZTYEfSAsPd+tS77971SG"
    "dwrepwir1v3v+D4UC57g+6o19J1+QHzBBWzZcpHk6+9EYdYNAJeYofRr1PvZF7kclQGXdJ"
    "440JF9BUsGGTiVux1JdWBZW2LwpotH3BVSg9xepzhkx7pZAZK2PQ3JKj2YOGlUrokh620R"
    "qeBueF0GrhQZSD8G130kvgZ2ias1Hda5SYdFgpgceCSFPPDBllMPabNw/cy0LgXuaAe5kG"
    "V30mmxZTcUy9DMasVPOgbp9dfCwy45Jm/DnXPcmivSE4QYUslzPeWpqNd1KuiYgXwjsH7R"
    "TWntFFUFxvdJg9U4/J4q5zjaDsHrYbRRnYp6yiIuCf7dYoOm9/uArNIPolz/AZk83QXWDp"
    "xEGmuxtI9nxWGt2/jYcDHrKMWHIjgTQb/BvoyNoZtK3/XThYo8CBmYN0G2HrlF72/1r731"
    "1QmGjPa8v6Q48/1e/uu/9IPvA3d8NrFzLDspem24vbwXVCMZoJKWSKamfv7+hGLVs3rGTe"
    "Ho/+sysF7XLiIT9wPsT6iz8n5qhm0r/vjSfd+wdGP3Q7SM+03aMviaPvrhI6CzsBv/QnXw"
    "D9Cv45HPSSagzbTf7ZovekOsRgwMZ3RZ3HaJPgaIAao3VnM6+odVZSal0UrQcYxdTu331M"
    "6xYxMMsyfDGhela0N8LzUYp18RSj+eiBmao9fVfNuZI6Y7SNTEqQwp9W2BDDiUH+pNiUhI"
    "p88vnR7+SoVPVn8CQGR6Prm+r3kLuOP6Dkl5PfC21vl9wd33RviT3OAM/iTE+t2+vkERWr"
    "S/f30juj9xHHMYPcD/DlM/v0JiWt3+DhfpJD68O1ikqZzaHAjuy3vaqAMd/OC9lv5zkG3H"
    "nagjMNnUPpb2ecA9lKSFczKR7HvVFJ86HVvb3vDzrA/ZjiL8PxpAPo3ymmvXVA2GdZIu6q"
    "CA+X3LPEaLirpDKQpcxUjGHWjGMQsFXMmXLicgltzIjgrtQRHtmvMXc9HN4x28brfmJeGT"
    "zeX/cI+C72pBGymekmxnu6sCkOtrNmmfztfFK2hg29YPTR8e7f02Yb0ZZCzBMri6KawB+c"
    "xZyVagIlmKfT3j8m+SRJqNK74eBz0DzJnLAjjD75/2/gUn7juMw+F5fJza6oKXbluCriar"
    "ziuxqvUq5G3dBU3kKejXEksUeEId4PwPUvzbpq2YpuLBGuQPykhOVSIfJSIXld/jA7ToZP"
    "8rpvUes8XrcEvRg9Hha0LAJbhgvu2pf89PcR1HmBJz7b1XXs1djr6QifAx6tyBqxc0gsIh"
    "tleSvLQDU2NKTqfa+3l6aitXGslWIbT/C1T9YD6WhC+2kqUsHaSlo8+xRxdbQmbidNhcqD"
    "iHJCloIsy8kklEqjVdATIubGtBBga0iDf6wV2tTyeFV1HR0DYsFo3OgqhvZr5y63k4Y+Wx"
    "5CytqxYT2j0UOrwaMxQKyu0VgKsKMcjWuypVSX5PnyXLivfMDuvd4a+nSFWG0Qx9UioUpA"
    "JTHaipEC5+i1y6APVI/01FCwyKbBDQitB6iR31tTZ3XKuigm1CDpvzbE5iOvw0aDZtnkV9"
    "Wya6CIje1iyVZHg1c6aC4nzisV7c+HNQitKwBu1FVDprmS4XBxIjAjKi7BE/KD41TSUIlz"
    "k1uD5GgAJLDQkux9/oIwmMNnpEHyI1aQCKyR/gKMBSBrGTDhwoTWCnjs1CkYwWfjiWBDTr"
    "rylivjyQPDcWeUOIA7u9AUq3gO1uoTtFx5VdMIAL44sGxjA74bJu3htHVSJPbvazwQ0qRX"
    "99j830oFBT4+9m9LhAQ6DpqfUpkqM8v2yMBY9oV7Jfrn4hCpF15Umkfxx8l796fnB/95Ks"
    "8Mu+Y7thmhJkRsJFzb7SJZc6QV37ndTuXMBZjhRUYaKD/FKCEmU4wYp1cdKUZoQ31ZpEHG"
    "ZoY/BFip5o2B+uNn3PmfrNQ4w/nLx5mVah7Ol+/bRbKh37f52dD0nMyaa7afvUh0hRsCRc"
    "ZLFb0nZaXmj0nzsf10Sb2zkjJmTpwwGr6WeSHW/EU0Ldm8hfS8yDp6zl9Gz1OrqBj5qIcG"
    "+XAZqduyTD8ZJkRL/Hf4suM8UzHmsJozTTlQ+0RRLfFSI6+vRodMHSS4TLCJuB4SvCS7yz"
    "xcGfRu8uHj87vpR347wdtlGVXwjpKkf/tlAr59+91G3779dAp6qrYCyAJLw5iDhWECA0Ng"
    "Grb7HPyVFtSzaNwlXgLVO+w5yhl6dzeXmWLaRl0SVYE1VDGleIEOVbJFOAGU96Vc8PeVoU"
    "Pg0970Av4moiDfK2ndg9K68McGkdYVLAJWsoF2YKNMAm9AVzH8GElp+ImsZUnncdXcYFLH"
    "X3ozLVD+gslK1blwijugt6yTOYalFfn/X2lbNjPr6CRhYrJPV1krc5fmQCKVKcMgSCc78U"
    "0Cy22rsHlWRayCdxvTeCZi5gmwnNnvULN/AhsVmWBhGmuyA3+GJiK/aA76t96W/hR0Nc1w"
    "MI2xMCFYq7a2IqfJ3tNeIeskwyKo+xJTjCGRod/dwj6kW4NYAd4XsuunXgGg2uSQWx0cBJ"
    "cHmorJIWATuwEYtAcipHpX4hkJX1uBNG3g374XAyLrRIlAwuXZFHHVVallFJffX0GE8mpp"
    "fR4OP9OS+d7nFHcfHuhX9yM5IAvFk9ReKiEYOZma4GwMIhGRwa/I/rcvLwtgTFrxKy/Tcy"
    "zKwhVGO6h7ZQeV0aRhw0e/uYaNYHEKgg27I1F0IeJCelClB1UEFezBg7pL2zZyDWa9uc8p"
    "5ORK+Cl3WueXifWPYsXLhfpLu25fdp0dPD1Ft7mhQD2GxGFVsPto3I2u2gvDXFe2m2PyAh"
    "sWrf5w3AHkDzGYB7ejYf+WmMzeP1P8S++6A8gfMcxnmfSSgfIOk17c9agC1qGchLsQ3Ial"
    "PEMz26OR8zY/Rqp5UNefykK2WVWATohJpLcjLRkiPvTNZYhkndCmaT2DLkqF0h444EGwmf"
    "U1cYGSgZMMnFgqqI2By5gwakC1XPSOmDPFa4J3yC2AwePd3aEYTr9WbAa9GVWR5XObsXK1"
    "O+Y1n5GFZkj344f8SoD+ZiO24ZRMp5hMp/uZwp9vsAXtGxgwsZNX3MfvLAUz/w1ACbEm2M"
    "V52/JdvAKILHCmrcz9ImplLCZWsoEW0/FaSGnDGOJ5JSXH5aSKhVYxu8Wo4i9iexB57Wo9"
    "PF7f9W86YOPMdKRNcX/wc3/SU4aDu187AOFnZEPFoGRHlRWu/qhLW7UdTpWo7WqJpPf4Nj"
    "CEaf3W5+BuivvyBt2bSf/nHtWC18MUB0diPR5cJf4zohGjoMzGLiFWy45DIDd2EdcS37GU"
    "ciuhNa2+7JilXHiMUBO2dImA47OLIijTZvyQY/ekfJfjNqzrdyvR7v13H6SB5hrjCalK3K"
    "hoD7Vnl7ffX3y4+Hh+dRGa4+GRPCs8/bJfC9q01kAGqvwSl3EZWd8y3zSsUN+SZanKWA2s"
    "pAy1FtlskI5y/hx3nC5T6Sh/i1ov4igPRuzspbRrNyUqHbx1OXgjaNMqkW5e1hWZegwZb+"
    "SIDJBR/2ZSrGIddx8v3yaYfuPbvt4ieDQQ7d6r7T5UXM928Mht827TpEdzBy7ur37/tGc3"
    "RCVZjCFo4A/UWICGT2iS9l+zDksfuJA+cNPIer1QMQo7kN0jyfTQHU36N/2HrvdLy3DYX4"
    "bjSQfQv1N8P7ztjbqT4agDwn+nONZ5BySvdHBu+wjdDZ6LoKyiAseC9znFd71PRB/07xRf"
    "dweD3m0HeJ9iKOZ3A2FlTaZQg5NAtF07iS6EdtLdjHreyPH/IePGd9t5n6Hb7oaMrA6IfR"
    "FHXZVsZEZQmsiimMiFakzAhV2lvEQkJulOcRiQtH5nKq42phlBqeMj0LGD7awqTIXUHMpK"
    "TQuu6QpvNWGlmhdicFkoRPcyJ0T3Mh2iKz0GTdsOFfEY+NNhBYdBUrJBQQ97IWJikT1xGq"
    "24Ahgx6a2pDL/MhBTFURYRzq90kkW5YUemhqJuMmbsb8+HlCmmtaeYhsvf/nAVbLEsCmty"
    "oyBUfqnvt8wqnxd6NHNq50Wu09053+bIhJqtPMGXbS4497FyLxyG50lnm5jONplwesCE07"
    "zyYo1LOE2BXRDtXLhTeAdTTxWXVyAr8rPd+jwaPj50wNI0nM0U3/ZHvZtJB3hzM61rOBg+"
    "Dm569z3qMKavv3DIL137L6c/vKfrCD3G1dLT2FQ06oBMpquJoRBkhb8pvQobhg5VzFmGGc"
    "GEPmZEclcKCY/sl7K+Hg7vGC7tup/Men+8v+4R+F30SSNkcwx9lwejrtuSkDNyEvESiFO+"
    "VzEhvRcteynmJ/9kycokIEYxtSQBRdZFmX0SI9W8bVL9iYXu+ynW0LJo8mvF11uw4tJzKY"
    "5fJSPOJK4wC/5RztjOkt4fz3y2qzF2EH5fpjm+hfEm0xz5w+443dcyzfEtar1I0MLB0xwF"
    "m8dl2MIbgV/6zvfvOz9E9q5g80s9ybtFXL01J+96PtyGhS2w9Yo8G/GVON17vTQVJLoTUk"
    "yoQdJ/PUiNSI8jr8NGg0Y9P699uLxBSBEb236l0abgtfvIFF6OODuzbYtQ2V2O+CaMkuHk"
    "iMcDJb17kS98FDYq5chSwO971A9V0hPTys749voih6I+D+4kXjt21TSnhKjkLsWhM9IsFl"
    "VWhTSnhFjzvHA7yXPCho0WSHM3LZbijpOMJScvHoDTg4wMKBEZIFPvm0XbSrL+LWq9CFnv"
    "7UQqUPUJQUnUVyXqI7urFP6MmCTqZX7hcUCf4yOJyIpX0viNq3Z4kmDymbEv8wsPkF8YrH"
    "7S6bQF1cQ2QajswsCvkkHgxlwufPY27t3ZHXNL4wt/o7U6LUhU7T4qmo4gjiIQA8qWYXaZ"
    "OSL+jkvalb3ynC6GEbQIr8LuK1BQdUlywmJywqVjV/certoQFbyhZDr66koyluAPe4r799"
    "3PND2LvhVqin/u3/aGHfCM5tCY4k/9O3JqgXRyZvzreNK77wDrxbLhWgyCnlzO9nP8WF3x"
    "X2kaE2kCYZtHVOzidaaGiZYIq7pSAfosWamDCq+UhaqprSgWCh3CZVSQISo1UF4D6e1Z5m"
    "rBmYGyhJughV2ncKm2rWormtSt0CWpNKeTLS95zarbJIokdcGltcDPKo3LiJFNSq/XmGzS"
    "NbRVakmUU0kkI4ZKGpXgC+eomtONEZQBJOK42NKeVaoqojknaz88Xqu6zl2TWMnGpJietz"
    "9chWsP/ZK32ozvu3d3GW4zVLGSOCMoB47IA0fmBr8dLVeIsEsJNs9M2kmMnUzG5qN/nJE+"
    "Mr7rLWq9SHxXsBBWiPBKiUoupHKMF6paxz8pKXUg4+yOEn4TbvQXhUxUZRWQEJQDoKoGvP"
    "iR0vgzYhL9ylEDqZCb4ipIy0o9yKBTsYNOo2g1GR+Zgyozu3KiI7OW0RqALV5W4kixTewc"
    "CqAbm2glwAVq9aTWpQIYhxaNnBu2zbio0KtZss19ie4WdFP0xivKIdGZBu2vzM+RIJ41te"
    "67ItIxQkW9vvUA1CM9NWhLmqyApHECjKqVjArr2DcULVlk69BFo+Kjkp90FAzarYlHSjhR"
    "bM0+ag0xBBsTPiPDscAzNC0aUmUsgIqBF0kE/E5PWwn8SopmZDMlcpNkJpGQmUSBiqvE7m"
    "fJipziImzouDDhgKIp4khdtEUc877qKjgHk5KSFa4erM7P1citgpKXpiHdg/kKyKHl15GB"
    "tzcSTjRFFE6xZ57B7cx8OGtIimgLssn5VcTqBaHhyjco4rbtdqOCsavrLmsQG9dBVRK4Nn"
    "5HqQIG0kgQ0kjwlJVSAD9GNxRohDmw6xxGGZnLh765BoDcfMoacG8JernvP8i+X5aBK4Lq"
    "1jJwh97th06X3A1/3DVTaM/Peod2ve/fUq8sUIKsOiamGeA+L+U3qTGxBu5Qj2RHmpE1lN"
    "6SzuEz0qCnnpSS8zIyGbHm5WPWX6TMHROu2yyrVhO/LkdSTtbmyHfGVSqXIu0ymbL1duGX"
    "ZrE0i8VRhDSLhTaL0/N2DaDKpKpD8Q3J14JmkA0Zbw7d+qbLxGtLt8ctdoH3quH/sgCVBW"
    "TPhui5U9B7hiZ5aIgWgL0yDWe5At++uf37XxUL/vHtG0C+5Lsp+bXmE1B198VfTIjjTq4y"
    "xfTItPXTCbAM4LjfgFvMi/ZmYP0F6IbxZAHVBhh+h2YQR2n9lVxDVy0frv/2urdX0G1m2V"
    "PsN/QuOXsBKn4hwirZgLdOOAxMMM35Y1P6W4VZ90+2ES2xJ62cLrKkG1NEbs+b4Wg8VjUL"
    "eT3IqL3X66Q8F5mUlTXiROYjJRMgmYC3A30OEyCtVWmtSms1aa12oYm0VSvDSPXPnOTZpm"
    "rUpla392tMrLdiX7XfX3y4+Hh+dRFOouGRvLlzu+XkJyqW8V7GRBoYrdq+vCzguyStuM5L"
    "91zipRtkUJVA2G/eQHTfFyrU+z6nUO/7jEK9vExMvluYn4C5B4/wYYyZ2ny/qW3XPhezP/"
    "8DptAcpA=="
)
