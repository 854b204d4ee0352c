from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "users" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "email" VARCHAR(320),
    "role" VARCHAR(16) NOT NULL,
    "is_banned" BOOL NOT NULL,
    "banned_until" TIMESTAMPTZ,
    "ban_reason" TEXT,
    "timezone" VARCHAR(64) NOT NULL,
    "locale" VARCHAR(16) NOT NULL,
    "last_login_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_users_email_133a6f" ON "users" ("email");
COMMENT ON COLUMN "users"."role" IS 'ADMIN: ADMIN\nHOST: HOST\nUSER: USER';
CREATE TABLE IF NOT EXISTS "profiles" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "nickname" VARCHAR(40),
    "name" VARCHAR(100),
    "gender" VARCHAR(24),
    "birth_date" DATE,
    "occupation" VARCHAR(100),
    "bio" VARCHAR(500),
    "avatar_url" VARCHAR(2048),
    "phone_number" VARCHAR(20),
    "profile_completion" SMALLINT NOT NULL,
    "preferences" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "user_id" BIGINT NOT NULL UNIQUE REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "profiles"."gender" IS 'FEMALE: female\nMALE: male\nNON_BINARY: non_binary\nOTHER: other\nPREFER_NOT_TO_SAY: prefer_not_to_say';
CREATE TABLE IF NOT EXISTS "auth_sessions" (
    "id" UUID NOT NULL PRIMARY KEY,
    "device_id" VARCHAR(128),
    "device_info" JSONB NOT NULL,
    "ip_address" VARCHAR(64),
    "user_agent" VARCHAR(512),
    "created_at" TIMESTAMPTZ NOT NULL,
    "last_used_at" TIMESTAMPTZ NOT NULL,
    "revoked_at" TIMESTAMPTZ,
    "revoked_reason" VARCHAR(32),
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_auth_sessio_user_id_78519e" ON "auth_sessions" ("user_id", "revoked_at");
COMMENT ON TABLE "auth_sessions" IS 'One signed-in device: the family of its refresh tokens. Revoking it signs the device out';
CREATE TABLE IF NOT EXISTS "refresh_tokens" (
    "id" UUID NOT NULL PRIMARY KEY,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "rotated_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "session_id" UUID NOT NULL REFERENCES "auth_sessions" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "refresh_tokens" IS 'A refresh token (its JWT ``jti``). Each is good for one rotation; presenting a rotated';
CREATE TABLE IF NOT EXISTS "social_identities" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "provider" VARCHAR(16) NOT NULL,
    "subject" VARCHAR(255) NOT NULL,
    "email" VARCHAR(320),
    "created_at" TIMESTAMPTZ NOT NULL,
    "last_used_at" TIMESTAMPTZ,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_social_iden_provide_2858bc" UNIQUE ("provider", "subject")
);
COMMENT ON COLUMN "social_identities"."provider" IS 'GOOGLE: GOOGLE\nAPPLE: APPLE';
COMMENT ON TABLE "social_identities" IS 'A (provider, subject) pair from a verified ID token. Accounts are matched on this,';
CREATE TABLE IF NOT EXISTS "push_tokens" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "token" VARCHAR(512) NOT NULL UNIQUE,
    "platform" VARCHAR(16),
    "device_id" VARCHAR(128),
    "device_model" VARCHAR(128),
    "os_version" VARCHAR(64),
    "app_version" VARCHAR(64),
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "session_id" UUID REFERENCES "auth_sessions" ("id") ON DELETE SET NULL,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_push_tokens_user_id_5e59c5" ON "push_tokens" ("user_id", "device_id");
COMMENT ON COLUMN "push_tokens"."platform" IS 'IOS: IOS\nANDROID: ANDROID\nWEB: WEB';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXWtz4jYX/isaPmVn0kyWS5LmfaczJCG7tAlkgLzbdul4hRGgxkjUlpNN2/3v75HNxT"
    "c5NuHieP0FsKQjyc/R5ZxHx+af0pQPiWEd3Zl8RA1SOkf/lBieyh/BrENUwrPZKkMmCDxw"
    "hEozt5CTiAeWMLEuIH2EDYtA0pBYuklngnIGqcw2DJnIdShI2XiVZDP6l000wcdETIgJGZ"
    "//gGTKhuQrVD6/nD1oI0qMoa+3dCjbdtI18Txz0i7ouMnEtVNWNjjQdG7YU7YqP3sWE86W"
    "ApQJmTomjJhYENmCMG15B7KD85td3JTb2VURt5cemSEZYdsQnjseaKu0kqa12j2t2+hpWi"
    "kFRjpnEl/oquUAMJZd+OHHcrlSOS0fV07OatXT09rZ8RmUdfobzjr95nZmhZZblYNZ80Oz"
    "1ZMd4qBEV7sy4ZsjgwV2pRxlrNBnVH9wfod0cDnBZrQGvDIBPcANBvWwQN2jiDnMSz0siq"
    "wUsRp/u9DEFH/VDMLGYgKX1eMYkP9X71x+rHcOqsfv/Ei35jllJ0ti7sE4Lb65xfb9cRJw"
    "oZQSXSfPDy8AMiRmNMANZk8dkJvQK8x0EgJ7JZ1huEvXjdv6TQMqI1NskD5zr9zfrXZLu2"
    "i26p3foGq4gQFl2Hzus3bvY6NzjrhckPvsrtO4bnScRnptrVuHwjOTjIipMS5g4dYs/Fxa"
    "Q6XlagKNlqtKhcosvz4H1BQTDVasiElzBanRk8YvFdClTBZ0So4W+ZnQauJJFIPwVb3XCO"
    "DHdd2eYaeNFIuOXyrDcyFLS8+A8jQYz4vnD9xaInBrMeDWwuDiRzBaTM02jTQY+6XyB3X5"
    "uHqWZMWFYuo118n0oz0DnIgG2+VAtZdG4x2UyyPiifCOQTuEtet0AYrTmUGiV+oubO6G0g"
    "mKruFlpygC+5BXlAT84+06RZXy6cnSDZIXcY5PF4yhm4Wn4wVZWjcEbD4rjO7P3XZLhaxP"
    "LGhIUF2gf5FBra1BW/rvyGa6BA4NbGoIyqwj2exPpd1bFxImWfPUsv4yvKP64Lb+a3DAX9"
    "60LxzIuCXGplOLU8FFQDG6SSRkGhbR9p001KJ145eMs/Hkj20paJsLD9zgsM2M5/maGKOa"
    "XvO20e3Vb+98+pHmoMwpO6nPgdSDk4DOlpWgT83eRyQv0e/tViOoxmW53u8l2Sdsg8PA+J"
    "OGhx7aZJG6QM2ndXs2XFPrfslC61nR+gIjj9rnvfdo3QIHMy3D5xHazI72nfB8kmIdPXho"
    "PpkwwPrDEzaHWiiHl3kkJSjhDyuszUiPw0eITQmoaE4+388reVOq+rYYiYvUVfsmflpy19"
    "4BCncO90uEayXXu5f1K/DHfcD7cZZZ0/I0mIIZHjv3K3sm++HFMYLcX+CrZvZlJwtaP8fT"
    "/TCG1idTTFO5zUuBLflvO1WBz32rJPLfKjEOXCXswZncUFD6LzPOC9m1kF7PpbjvNjop3Y"
    "dS/eq22TpHzleffWx3e+dIfvaZrO0cLetMS8SdJOHhgjaLh4Y7CSqDWtoAM0aiVhwOYGOm"
    "WHK8cgFtDEBwW+pYpuzWmbtot298ZuNFM7CutO5vLxoAvoM9FKLCt9x4eE8HNs1mImqViT"
    "fng7IbMOgzRh+9Xfs97LaBtjRwT6woiqpHvio2c79UHijBOJ02fu3FkyRLld60Wx8WxYPM"
    "iX+GyZH/N2epzo29MrvcXHqX26Km/DvHSZKjxhP1UeNJ6KjR4DpWbeTRGK8kdogwYbsBeP"
    "Nbs4EtoRl8TNkaxE9IuNgqsrxVFLyuepq9TYav4HW/R62reN0U9OJqeFjEsgC2iCO4i7nk"
    "9S8dYqgCT+ZsV90Wk65b0xscBypa0e/EDgl4RIJGnVamgarLdYqNplvbc17RmtnWRBP8gb"
    "x2ZN1BRT1ZT56QCrP7MYR0KCxBDejiDCABrKuq3qRBFo1pCt7eu2JF0PeBBU3N4sMiPNG8"
    "i+iLbL48qUEWHTMy/IEyNCSPVCdwExMCAlNqPCM+QlRYyCQj2BAmyJ1GR6hDHvkDYAOZjr"
    "zlyLjyiNsiSPZtraE+w2yIpviBWI481nUAYC6OLMFn6Imbsoaj0mGSQ4rP3hMbU7bumh1/"
    "pDq9uL9vXqU4u7BtOjySMts5BvOEiTgtyY/qPmJEXPrctUW8VoZz6/GnFK7KI8+H1R64Ty"
    "gP1FLABy8nCe+DUmovvBwK7ltgxkYR8arqWKiAWBELFU/zrRELRWfS6IYCEWaMegr4pfI3"
    "BzZP9DnrP+zULMJLVePsl8ofzrX35SRh2+/L6rBtmVeE9+WbEEhCAzlcLcyXdfQelC00/5"
    "Y077GnU+rdL1mQ+9nh+9RaVp0FqzfRsGT+NtJKkn20ot5GK6FdNBuBs/sGeX+hsy+Fw15z"
    "k9Ax+4U8bzkgNhtr2IZDYhVQz4mijRC7Hbeu3HG7e2fBM7YQb4YET8nu+gZXBL0bHHxqfj"
    "c85F8meOt+RhUdSJL050899OXLn4J++fLuCDWwPkHUQmPOh2jETcQZQSYXzjj4j3zy35IH"
    "RGyMsJvsBkH66N3tNNNnsgweg6rQlGAmKV5kEAwmwiGSvK/kgp8m3CBoTnvLBuZGREK+t6"
    "B190rrkq8zCqXX8Aj8kjn0A3PlErgTeh3HzydZOH5Z1nJB5ynVnGNSZ771Rnqg6g3TL7XJ"
    "jTO7E/qFfTLGsbRW5/+v9C3zGR51GHAx/aMrrZe5TXcgEHMV4RCEo7LULoHllNX8AWFJvI"
    "KDmckfQcw8RJY9+JPo4h2aYWqikcmnYIE/EpPCHQ1R88o16Y9QXde5zWSMhUnQFAt9Atlg"
    "e4oJtQ4jPIJNN9FnjICMvHaeQIRqOXgB7gVY/fJUAGEBSc5rzNCieaRjBklIgN+AuKwBhL"
    "DbkspJ+FxaSMsC8+67MSDFA61ZIOHifAqv6tZ56NIrv7snN9KrpfSh3f4g3+3nfvdZ/e5O"
    "XjpfwQm5n2c6FjMnUhMKw2AlkmXw12T/y7VakjdE1WrqV0TJPD/KmXuCe6/HK1t4hLtwbN"
    "To59exyVicQsam3RtRdCLiojhBLU5Qs6CCHZygbtO3XR0NRv3FgJ3okCtwTrnVFxL5Yv1X"
    "seLpQv0Lv25Xfp1YjJ6kZu5SYDOOxH5VsP1o3JmBxYib07X9Zo98hh2LUrPdPUfwAQ5z66"
    "rTbl6By+z+6LNPjYtzBB/ZcJ+Lh14iUN7iQy/OfrQG1ku5Au5EcHNLeyRm9IlGzN8O+KTy"
    "B/XmH2UBM2sdoANiBdIvI10wRGro88sQFS80yZvWI+iiUCjtngMeMrayviYusGDgCgYuWy"
    "rYGAMXsWBsANV00TvZXCleE7wDXUCt+5ubfTGcdWJSfVKKekuLm3MY+4KWVZnMvGf9e+Eu"
    "y++rp9Wzykl1uZYuU+KW0JdZyTX8q9f6VllbNHcQ4iAnVQqE58VziO5W/psQWhSR77tQv+"
    "/FI7L7d73sx5zd2FtdQtbXLjezb/8HocXOPQ=="
)
