from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "analytics_daily" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "day" DATE NOT NULL,
    "travel_id" BIGINT,
    "metric" VARCHAR(48) NOT NULL,
    "dimension" VARCHAR(64) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "computed_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_analytics_d_day_5ba758" ON "analytics_daily" ("day", "travel_id");
CREATE INDEX IF NOT EXISTS "idx_analytics_d_travel__070125" ON "analytics_daily" ("travel_id", "day");
COMMENT ON TABLE "analytics_daily" IS 'One number of one day, tidy: ``metric`` (``dau``, ``messages_sent``, ...), optionally';
-- Hand-written (aerich cannot express partitioning; the table has no Tortoise model, see
-- connecto/analytics/queries.py): raw analytics events, append-only, one partition per month
-- (created on demand as analytics_events_YYYY_MM, dropped after the retention period).
CREATE TABLE IF NOT EXISTS "analytics_events" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY,
    "occurred_at" TIMESTAMPTZ NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "source" VARCHAR(8) NOT NULL,
    "user_id" BIGINT,
    "travel_id" BIGINT,
    "planet_id" BIGINT,
    "session_id" UUID,
    "platform" VARCHAR(16),
    "device_type" VARCHAR(16),
    "properties" JSONB NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY ("id", "occurred_at")
) PARTITION BY RANGE ("occurred_at");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_occurred" ON "analytics_events" ("occurred_at");
CREATE INDEX IF NOT EXISTS "idx_analytics_events_travel" ON "analytics_events" ("travel_id", "occurred_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "analytics_daily";
-- Hand-written: the partitioned events table (its partitions go with it).
DROP TABLE IF EXISTS "analytics_events";"""


MODELS_STATE = (
    "eJztXXtz2siW/ypd/LPJlq8rfibLbG0VtpWEGQws4MzMHaZkIdpGsWgxkrDDvTvfffu0Hu"
    "iNJAto5K5KOSD1aYnf6cd5978bc2OKdeu4bxoPmo4bTfTvBlHm8CF66wg1lMVifQMu2MqE"
    "ETUWTiN2UZlYtqmoNr3+oOgWppem2FJNbWFrBqFXyVLX4aKh0oYaeVxfWhLtryWWbeMR2z"
    "Ns0ht//Ekva2SKf9DO3a+LJ/lBw/o09LbaFJ7Nrsv2asGuXWmPbWJ/Zm3hgRNZNfTlnKzb"
    "L1b2zCA+gUZsuPqICTYVG8MTbHMJvwBe0P2x3o9yXnbdxHnLAM0UPyhL3Q784om8vtaQ5W"
    "5vJA+lkSw3CmCkGgTwpa9qMQAe4RX+8V+np2dnH08/nF1+ujj/+PHi04dPtC173/itj387"
    "L7NGy+mKYdb+0u6O4IUMykSHu3Dhb0aj2IpDxZixRp9o6hP7HOPB9UwxkzkQpInwgf7AKB"
    "881AOMcGH2+eA1WTNiPf52wYm58kPWMXm0Z/Tr+YcMkL+1BtdfW4N35x/eh5HuundO2S3A"
    "PIBxUXxri+3Jhzzg0lap6LJ7YXgpIFNsJgMskeWcgdymb6UQFcfAXlNzDHfjs3Tb6ki0Mz"
    "xXdDwmzjfnc7fXla/a3dbgd9o1/QETjSjmakx6o6/SoIkMWJDHpD+QPksD9pBRTx62aOOF"
    "iR+wKRPDpgu3bCmrRgmWnp7n4OjpeSpD4VaYnxPNtGcyXbESJs0NvZo8acJUEV7CZVub42"
    "PvPhdczT2JMhC+aY2kCH6Gqi4XCntGgUUnTMXxXOBp6ZloRhGM3eb1A/ciF7gXGeBexMFV"
    "nqnQYspLUy+CcZiqflCffjj/lGfFpc3S11x2M4z2guKEZbpdTtL20mS8o3R1RDwX3hlox7"
    "B2lC6K4nyh4+SVekg3dz1VCUruYbNSlIB9TCvKA/6H7SpFZ6cfL301CL5kKT5DKgx1PE0n"
    "CDJIN5jKfFYc3Z+HvW4asiGyqCChqTb6P6Rr1tagbfz3w5KoAByaLDXd1oh1DI/9n8bupQ"
    "uACXqeW9ZfenBUv7tt/RYd8Ned3hWDzLDsR5P1wjq4ijBGNTFAJit2snwHgloyb8KUWTIe"
    "fNgWg7a58NAfOO0RfeWuiRmsGbVvpeGoddsP8QfEQbhzyq6uIlffXUZ45neCfm2PviL4iv"
    "7Z60pRNvrtRv9swDspS6owEONFVqYBs4l31UMtxPXlYlqS62FKwXVeuO5hFGC7+/YBrltU"
    "wSxq4QsQVbOjvRE7H5hYH54CZj64MFHUpxfFnMqxO8apkWgSBPjjDOsRPDLon5g1JcIi1/"
    "h853ZyUKz62xuJ3tX1803lxbddBwco/eX092LbkZJbw+vWDdXHQ8CHcYZb89N59IpClEf2"
    "e+HN4D2COCYY9z180y378JLCrF/j6X6UYdbHc0UrpDb7BFvS33bKgpD6dpZLfzvLUODO4h"
    "qcaegpJv3NFmePthTS5VSKu6E0KKg+NFo3t+1uE7H/xuRrbzhqIvg7JtBbE/l9FjXEXeax"
    "w0VlloAZ7jLKDM2SJwohOGnFMSjYCklZcoJ0EW5MKOG22OFf2a0yd9XrdUJi41U7sq5072"
    "6vJAo+w5420uzQchOwezLY5CWxk1aZbHE+SluBQM+Z+ehw5fe42ka5JVP1xEoyUY3wj5TN"
    "PExVB5NgFk+l30bZRhKfpZ1e94vXPGo5Cc8wGPn/Mkghv3GQZpeby+h6W6ap8M5xmcfVeJ"
    "nuaryMuRp1Q1XSNvJkjNcUO0QYk90AXP3WrCuWLevGo0ZKGH5ixGKr4HmrEHbd9Gl2mBY+"
    "Ydd9i1xPs+sWMC+uh4eFLYvCluCCu3IpP/8ywHpa4Ilr7Wot7dnQ6ekAx0GaWTGsxE4x1Y"
    "hsLclbWQSqoaFqit52elvVFS1i2NqDpjIsXglYN9BVXeFaLK2ZbBtP+LVg9WlHI+inrkh5"
    "oght8exa1MujNWKd1BWq74YGWj59Ycu26DuodAlLMsEVBuxn2vHA6fdgJfps6JzRJYcQ3D"
    "1yBznqXOgmCrFkzbKW1Qy5nO7KAx5rcwwRetZMW1Qy0sr6dw8BMW8PWOgKwa+dmH3WSU3H"
    "loOQPF/auJrZ6KBV49noIVbVbCwE2EHOxjnV+5RHbLlxFq8cYLdObzUdXT5WCy3FHyqgik"
    "AlMNqIkYyn2mu3QRcoifZUU7Co0KBWYI5wgRq4vdV1VQfTKFV9VEz7rwyx6cDpsNagWTb9"
    "VZVIDYDY0M6XEXmgeC0M07bkmUKmekXb4YD1Wds1zAEMcot2DNfBDLB46HRGtG8s5ysdVC"
    "/AOsfsXXdVkzFYMCg66A5KiI2OeIvSQ6QV2lAOeqg2hkpDGDyytEcqXP9DI2iKnzUV0x8x"
    "w5RgrukrZDwgKiwhEz+Y2Johx+h+jAb42Xii2NCbjN5iNA49MpZshgQB3NqDxoQuhmiuPG"
    "GL0SuqSgFwyZFlGwv0YpjQw3HDHzpZEeB/BMPhTXi649P9s1Bo+N1d+6ZAYPhyqU2PgabM"
    "yrI5PjyQg8eeBH/O95GA58QmO47eoAuX/fTsEHCH5YnJN+nhTSGiOsTtRQKcTvPkTtNW6S"
    "FOp7HMaQ8z8pBQDCA90TRCJhJNQ6EPVSSaaguIaKANEqTl9CkQpqrfHKg+ipKt/3SnJgkh"
    "QOk4h6nqh/PFyWmemhgnp+k1MeCeyJ2ud7RVnhg7FghL50sZvkdpBecPifMBebog38OUIn"
    "Kan2DKdC6nJdqkb6JxyvptpGd59tGz9G30LLaL8lGVYN8g768uwaZaA58NE2uP5Be82nK1"
    "AT7WsIrrDaRA7RqKKgkDHTh91ToSdC8xs5wtxNUYwQtad0ODK8G8Gx186fbd+JDfbOBthS"
    "2q6B0YSX/+dYTu77/b2v39+2MkKeoMaRZ6NIwpejBMZBCMTMNm4+AnKKtqQfQ9eUSKc9nx"
    "pYTMu9t5zJhAG+WRsgrNsULAxIt0rFAR4QiB3RdswS8zQ8fINXvDA1whIqe9V5h192rWxT"
    "8WGm1dQiMIU9ZQD6yVSuBM6DKKX4hSKH48c1mY81LZXGOjjrv1Jmqg6RtmmKrKjZPfCb1h"
    "n8xQLK21//+VumU9c0+PIipmeHQV1TK3qQ5EEloTFIJ4ymu6SmCxtnI42zaPVvBuYRrPlM"
    "w8QtZy8h2r9nu0UDQTPZjGnErgz9jU6C+aovaNI9Ifo5aqGksCMRYmRnPFVmf0NpU97Zlm"
    "HSVoBFU/YkwIpjTwnZV3o90aVAtwvlCpH7wCSLHpJXZGBPIej1SF0EvIpnoDMqAHSqQ4T0"
    "pTEv5oeNTQwH19JwZEVAvkwQiXpVMEWVemol2QfndlcYqzpfGl1/sCB6c4/49Jq9+Hr+y/"
    "6ITMFU9SecEcb+YkciJFMFiT8Ax+Sev/6cVFDoxpq/T6+3AvjDJ35TH36l7ZQn1Modiko1"
    "9fxYazOAXOpt2BMDqX4UJ4UIUHlQcW7MCDuk3dNlR7KEGzjdYmStdrYwWR8qUyBMkQ+4eR"
    "OoMKvTp6Zy2wii6PT94fo9EMU4VRNcypBYkHRpTUmoECqsSU2i08Y0zu7x9NY7mg/Ly//w"
    "lh101GIdGorgqeLhPTFwDdlkyRk9LkaMXgYzNeSJnEBsi6WzJgAwIKJQg1cn8VfGSpel6T"
    "NTHBP2x62cbzhe3f9n6N881LuoXvQl/mUl/2GRbjQbr5NkgjjLfRaseARAzMfMYHj5Zn3b"
    "dBJa5h6wsc2erM7jG5lbqjdq8LVwi0GpOB1O/83oQFS1+Nyc+9dlceSP97J0Hh/WClKKCF"
    "Ou0yNJFuoAcoJsKqSUEIwGjQ+iZ15Ls+SIowPVn9H6fa5phctegzJ4rzvN5g1HRXyDEZ/j"
    "4cSbdNZK0suj6VMYdUfxZsYEUtMzYC5FwPD8rqVr/fRFDpeLEYk/7d8GsTQQTSmEi3rXan"
    "6RhtKZNuh5RDc2tMfpWuhr3rXyTKwRc8sQz1CceyCPdjw7I1u1hRbZ+AZyaVtV/lOhr1NO"
    "No1NOEc2eN6aoIwF77euKbE+BMhGMQw+Yfhzgjnc9tL/L4QjaMKvL4AhJxIaE3TFfK5MCZ"
    "CWmX4m9A2ZiDgKAkpfdln68TpBPn6xQ4X2etMJaRetbUOzyjoi91b9rdLwXXHI+sidwPVM"
    "KhgnETwd8xuZE67W/SAIRc/+OYfKYCEVxy/udD5nF1+gSeZR/kHKQTxzcHF33Kr7KgRml3"
    "B+wF/8BGTVAxbLP9NAnkwlXDs6tGB82w5FltUVrBaa45DS5UbJpGgkMo/ay2MFUd4huyeL"
    "qNs9p8z4NsF6wAE6bjQ3WE59VGdYQMqRKbXIBMLHk8L3nrKVScyVFawWmeOe05VAsyOUAm"
    "+Mszf0XEYCqbaxwxKE4PrBvXEyZ7rLSCiB4U0YM8sODAowfXhUUSQgdDVUfS4wYjVU42Rg"
    "2mY1swoG5daVZEufEZ5WZ7oyd3GIdHUI3bab8s2H4tz4Wu2A+GOS/r5gvSc2y2a7R7wyai"
    "f8ak1b0Z9No3TeR+YEFMTUT/8OHEEyWzE1DeYslsth+VwNqnE3Dngtuw5GdsJtdDSAc7TF"
    "U/qKsvhE3FrDJAR8gE0puRFtaidOgP024grEVvket5rEV7LpfE2cpaTcKNsMAJCxwPLKjM"
    "ApewYFSAarHaX3yuFK8p/UVfAXXvOp19WTids+YbCeZN985Rlm3TyXzbhV3zWbO0iaa71c"
    "fcg6pdYSOYLywsnVxaOtn/MfzTFTavfQ3TqU5yZVOdZCRTnSTkUgXeLAZzemRihKwOevGu"
    "QxPpBmfaMug1RTWmMGUNNabD1ZDiijEm01JMDtIJFnPN4rCIUcZfFO6B572r0b+76rSvIQ"
    "N+omvqmLS739ojSe51oUCCRp41G8sGGDvK7HDV12w8vGw9jVBhWHv23qZAoYLW9aj9TQIu"
    "OD2MiXcl0OPeWeKOEZUqBUUEuwhZJRIHR27sPK6ldMdSzK2kzSG7emkWcuGFiOog0kXLEZ"
    "znQRmaZZQjOI9hDTvwvwxSsKzGmmaHa8vd6LrgssKNWwm6d6rpJCznmemmAaoaFRo4PTn/"
    "eP7p7PLcV8f9K1laeEJCO7bhpKIEVNPTo4I0fKRG1aqqRthKVTBxBlfqTONs8NdJbRCO8v"
    "Q17jBdpsJR/ha5nsdR7s3YyaqwazdGKhy8VTl419DGWSLcvGFXZGwYhryRAzpBBu3rUb7z"
    "boMlM195gqvjbPyZdjhw+qsRCyKV1lJ0n+Jo1WykRiP3CX7toOqzTuoKkVd7zyku+0qobp"
    "3OBqyvOiG2/diJ4KKVGkYRWdk2RVTIsaU137HKrD2yDVbNGCluZWI4j9jCiP6xEX2yaTxj"
    "CxH8ohpzuhShd54Z4Bg60EzcYm0U/f1x1NS8lYeMSY8du/yCFnBEGm1tEPbR6fjIO0ftZY"
    "bh2DW8Qor15BzBnH5Wmu1Hr7Dwr+gxaV6DWO15kS3HbQzJ4TmByvjlYtUaW/3+oPcNqjF6"
    "n6Bq43XHqUzufRqT61b3Wuqwso3+Rz5cRWwxm9PJaaSkfW3mXqQLrll4PZBao96AssH5AM"
    "XGHWer87/vbL3u3UhNFPjCB7tcwaKIHyRAUj+H00WugK2LjICti6SALVWblrQNBymFbZgf"
    "c5GwDdffSihsw2+R63lsw966XMI2HCOtkYN7x5X0Q2pdfg6EyIRlvjT8IuuNF6fI2gDySo"
    "fIOg/owNiQ1yUSmvubc99EOmHl6YTr/W93wHK2W+bFNSYqcJhNyDiQagr3+LPRBg5DaAup"
    "hUVtw/EjSv+MHErqXRZ2Yy7txqahlz760qPd5TE/rcGofd3ut5xfWsTy+LUHJ1nC3zG57d"
    "1IA8cO6X8ck0DnTRR90t4tj4dn4W84qRlFGeUldDj/j0lH+kz5AX/Z8aHMsu/8zwdjhAX/"
    "oCz4zjm1JexPIUJhfuLF/JTH6KjjhzLncATIhCuBH+tinL8TOGe5zJwOEQoeHwCPSx0kFq"
    "UVnOac0zLdi6xiZSzDVMLTnsvTLrxxdROH8njj3OWwhDMuSil8ccIXd5DwC1+c8MXxwgbh"
    "izsUX5y//QlX3AZYo4ICV544N/cp6dgiPysq48yidfrV9pxvU83Eqi0/4dUmFxwbVuzBfl"
    "kE4Wzj09kmCn3usdBn1rEutSv0GQM7J9qZcMfw9paeMi4vj5bnsd34Mujd9Zvo0TSWizG5"
    "aQ+k61ETOWsznCfV7d11r6VbCRzGdMMzlvSXzrGzPO7f03WAHuNyZQHDJQDBARktE8gHQz"
    "TL/03xXdgwdKyQlG04RBjhx4RSbosh/pXdmqyver1OyJZ21Y5WG767vZIo/Ax92kizUxR9"
    "ZgcD121ByEN0AvECiIO9VzYxvIuavBWnF11LohXF10KMqaT42lq7KCInhajqJyZVX9BRVy"
    "xb9mpRlIg/iJMLzyU/fpWEOJMgwyz8VzFlO4l6d3bmD9uaY3ux74vykm9hvokU4vRpd5ju"
    "a5FC/Ba5nidoYe/lJTlbx0XYwhuBX/jOd+8730fVVM7Wl7zIZhdNzePqrbgAqOPDrVnYQl"
    "IRqmrKWtYVJJCEZBOrmPZfVQFQZTpwOqw1aOD5ee3gciYhIDaE3uqE1/YjU9JyxMMr26YI"
    "le3liC/8KJmUHPFgoKTzLqJ0KLdRKQeWAn4rgR+qoCemkZzx7fRFL6373LuTeL60y6Y5RU"
    "iF7ZIfc0bcigXMKpHmFCGrnxduK3lOxLC1B01lQosls3mSsOVkxQOk9CAiAwpEBojU+3qZ"
    "bYWx/i1yPY+x3pFESpjqI4TCUF/WUL/WuwrhHyIThnqRX3gY0Gf4SNbGilea8Wt3YtJRxJ"
    "Ifmvsiv3AP+YXe7iecThtQjYgJXGUXen6VBANuwOWSbr0Nene2Z7mF+MI/oVanhSmr2VBR"
    "dQ2TdQSiZ7INWXZDa0QgiIp1Zc8cp4theC38p4TlCs2ruhS/F5D6hcGYT4Nx4cDWncey1o"
    "QFbyjTbiT9NqJzCf+wx6R92/oCuVtzugqNybf2jdRromdtio0x+dzu0FsPmk7vDH8fjqTb"
    "JrJWlo3nfFjv6eNsNwEwzKsR/Wkp0WlrkjpYc7OsGJTJIQNGLJfFN2J0et0vXvNogksYcc"
    "PUHjWi6HIJ6JNoBQ+K88DCiqnOAAsZpnARFiSQCg4U50BcdkvcLVJWoCTiOnBh2/ldim0r"
    "6gwyvmXYkgobfJLphdGzrJgESIJ/Ls6F9JTTIA0fqabwvNqkms6xrYAmUYwlaxo+WFKr7F"
    "881cp55EKEIrqEH/9b3O0KrKKcWybJw8O5ouupe1KYsjb5p2enHy/9vQe+ZO02w9tWp5Pg"
    "U9NKlhkPEYqJw/PEEYnDb4fLJcLvYoT1U5O2EoAnMrXT0T/MMCAR/PUWuZ4n+MvbCEsd9h"
    "whFbaQ0gFgWtki/1FKwQMRhHeQ8Jt4oa9kulAVZUCEUEyAshxwgksK4x8iE+iXjhqIxePk"
    "Z0GcVvBBRKTyHZG6DmUTwZMZqIZW15TQyaRttAJg89ecOFBsI5JDDnQDC60AOEchn9i+lA"
    "NjX6MRa8OmFVfLdW5Lsrov0N2Absy88YpaSbDSaLurAXQgiCctrbsul3SIUIHXtxqAJNpT"
    "jUTSaHkkNSXAqFw9Kb/IfU3REhW4ioO2MMzK4IK+6oTUDvK22PqVnrvlLW8b87dkf0ndmM"
    "TV6BGMFiZ+1oylhZ6xaUHwmfGAFIKcmCvkdnrciOBXkDQhKSyS4iVyrrjMufJYXCbLIYmW"
    "52QgboPsuQmc5I0RB+rMzhPC4LKuhBs1Sins5+XD+tOzWjKLyWQltAhHajYDMhwY87UqvD"
    "NzJW+MyF2pIDQGN/sw/FVDGNM2IBtdX3ksAuGr+OkKRdAKsFmpCFkgqq4OEZjXXnEXPDe+"
    "a7E6EEJJ4FJJcJgVY0B6NLNPUAt1YNvZniKGOR36+ioAQvgUpfTeEvRC7t+L3C+q6eVBdW"
    "M1vX1L+757KlPgDzqxcsn8YT/atuX+DWXfPCaI+mx8qgFsvBQXUgNkNZRQD0QiTciviouk"
    "U/ysqdhhT4zJWbmrIbL6Za5WX86NzQnmNkuqapVewSRKJ6qYZDvjShWWEXqZSG57u/ALtV"
    "ioxfwwQqjFXKvF8XW7AlBF+tm+7A3R01UTjA0JB7BuPDA0cvrr5rjFFnJObP4PCwEtojKb"
    "BveOkfSMTTpoKBeQPTON5eMM3d+z/t2vsoX/ur9Hmkv5bkx/rfmEFJ2dnxYKcdzKU8YEro"
    "wb74+QZaAl+4ZY2TPozSD6CumG8WQhxUYEv2DTi6O0fqLP0BXLhes/ne7tGWbNLHtM3IbO"
    "IycrpJAVJVaoAN44SrHAeMucOzeFv5Wbff9ok6ElMNKK8SKJujbl9nYsDK/nY1m1MK0HEb"
    "X3ep4Ut0VGaUU1PZ7tkcISICwBbwf6DEuA0FaFtiq01VTvOMtGzHKMe+mKeXzifprkFr3h"
    "zlMSPeL0kc9Y9445ozrzkr2McIvzrK2lFvvdfIrWKyv+7mhRaQz7rdsmgr9j8rU1aA2Ht1"
    "J31ETrz3B9JMGVkTQm7W6r3x/0+oM2uxj6OiZ02YDerqG33uirNGgi9l/URLMf5+wU24qm"
    "J6RKp6dCBkjq4P7edQLkep0rM4XW1LubQo1eX+oWdHkzGjrS6d8xuWkPb9vDoXTTRP7HMW"
    "ldj9pUmaIXvU98TImZQqZ6qRD1MKXQt3nWt2lXlG+AAG1iF4oBSiCtw0IoKtiL7I+tZH94"
    "y2KJ/O8YqTAll7VwiViv/VfSZopwmUraQULBgtIsCBkc8jMgRCbgFzFf1TFiWzFfzpCtAN"
    "qR31FNkQ1N7s3A+ubM10NbcxdFZNvaDO1a2NsduJyJhnmxjcnFXBXuaBFFX9maat0oGlNo"
    "Yt6KSIujLHeF4rWVp37jXNUAyRIi3qCQn0G/TZXVEbK16aqJ7u/nmPJBvb9H7+7vp8ry/v"
    "6IXXSC02QLExsuHR8fvz9CButU0Z1HxwoHVv6UMZmYxhMmaGq8EIh9o8RUpyVQlRD6Urwo"
    "OgRD/ggpSKXDgWA6nBSCZsbShGtOohLt+MEwWWTdy8zQ8ZgsdMWml+bwTv7SR7sFFr5HtC"
    "38CufGMfrV1Gwbs5eALu7vfV4cM15Quu/GJGdVxD+ons4gXK+4tEXECwRNhPOHT+ePy764"
    "2SbFT+A0z7LVHO7ul4Qq2Fp4UTg429f2ZfKA9beIaXdNwbOHsqRJ9/xTDovu+adUgy7cin"
    "gPvX2pCMYhoh16sQp6sEqCXH3JpGdFXyYpybqhpCwfPkUE3QcgOcBhnLXm9u6uOhLqD6Tr"
    "9rDtpsj6xm92Ey7RC5ojGw+kVifqlTDmi2VJt0SYtIZ+iQPxQ6T6/GL2pz2pRJjuK7NGki"
    "rk3MlWgdZtKg3Uek2KzFsRuk9Pzj+efzq7PPdFFf9KloSyWZx2C80X2ToDJDWUT04vLnLs"
    "nbRV6ubJ7oUXd5hUBRB2m9cQ3ZNcDv2TDIf+SYJDP62SfnpZj/QC+juo6LGfjbKy2h173c"
    "z+/n8MR6mE"
)
