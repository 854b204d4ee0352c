from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "travels" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "description" TEXT,
    "start_date" TIMESTAMPTZ NOT NULL,
    "end_date" TIMESTAMPTZ NOT NULL,
    "visibility" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "invite_code" VARCHAR(8) UNIQUE,
    "image_url" VARCHAR(2048),
    "timezone" VARCHAR(64) NOT NULL,
    "max_members" INT,
    "settings" JSONB NOT NULL,
    "deleted_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "created_by_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_travels_visibil_743048" ON "travels" ("visibility", "deleted_at", "created_at");
COMMENT ON COLUMN "travels"."visibility" IS 'PUBLIC: public\nINVITE_ONLY: invite_only';
COMMENT ON COLUMN "travels"."status" IS 'INACTIVE: inactive\nACTIVE: active';
        CREATE TABLE IF NOT EXISTS "travel_users" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "role" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "join_method" VARCHAR(16) NOT NULL,
    "joined_at" TIMESTAMPTZ NOT NULL,
    "left_at" TIMESTAMPTZ,
    "banned_at" TIMESTAMPTZ,
    "banned_until" TIMESTAMPTZ,
    "ban_reason" VARCHAR(500),
    "updated_at" TIMESTAMPTZ NOT NULL,
    "banned_by_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL,
    "travel_id" BIGINT NOT NULL REFERENCES "travels" ("id") ON DELETE CASCADE,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_travel_user_travel__d09056" UNIQUE ("travel_id", "user_id")
);
CREATE INDEX IF NOT EXISTS "idx_travel_user_travel__34016b" ON "travel_users" ("travel_id", "user_id", "status");
CREATE INDEX IF NOT EXISTS "idx_travel_user_user_id_889995" ON "travel_users" ("user_id", "status");
COMMENT ON COLUMN "travel_users"."role" IS 'HOST: HOST\nMODERATOR: MODERATOR\nPARTICIPANT: PARTICIPANT';
COMMENT ON COLUMN "travel_users"."status" IS 'ACTIVE: ACTIVE\nLEFT: LEFT\nBANNED: BANNED';
COMMENT ON COLUMN "travel_users"."join_method" IS 'CREATOR: CREATOR\nPUBLIC: PUBLIC\nINVITE_CODE: INVITE_CODE';
        CREATE TABLE IF NOT EXISTS "planets" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "description" VARCHAR(1000),
    "type" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "is_default" BOOL NOT NULL,
    "auto_join" BOOL NOT NULL,
    "time_restriction" JSONB NOT NULL,
    "direct_key" VARCHAR(64),
    "last_message_at" TIMESTAMPTZ,
    "deleted_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "created_by_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL,
    "travel_id" BIGINT NOT NULL REFERENCES "travels" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_planets_travel__72e929" UNIQUE ("travel_id", "direct_key")
);
CREATE INDEX IF NOT EXISTS "idx_planets_travel__95dece" ON "planets" ("travel_id", "type", "deleted_at");
COMMENT ON COLUMN "planets"."type" IS 'GROUP: group\nDIRECT: direct\nANNOUNCEMENT: announcement';
COMMENT ON COLUMN "planets"."status" IS 'ACTIVE: active\nINACTIVE: inactive';
        CREATE TABLE IF NOT EXISTS "planet_users" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "role" VARCHAR(16) NOT NULL,
    "muted_until" TIMESTAMPTZ,
    "mute_reason" VARCHAR(500),
    "notifications_muted" BOOL NOT NULL,
    "joined_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "muted_by_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL,
    "planet_id" BIGINT NOT NULL REFERENCES "planets" ("id") ON DELETE CASCADE,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_planet_user_planet__5b0efa" UNIQUE ("planet_id", "user_id")
);
CREATE INDEX IF NOT EXISTS "idx_planet_user_user_id_c00d1e" ON "planet_users" ("user_id", "planet_id");
COMMENT ON COLUMN "planet_users"."role" IS 'MODERATOR: MODERATOR\nMEMBER: MEMBER';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "travel_users";
        DROP TABLE IF EXISTS "planets";
        DROP TABLE IF EXISTS "travels";
        DROP TABLE IF EXISTS "planet_users";"""


MODELS_STATE = (
    "eJztXWtz4jgW/SsqPvVUZVJp8uhedmurIKG72UkgBWRezZTbGAGaGJmx5XRnZ/u/r+QHtm"
    "zL2A4G4+gLD1lXts+1HvccSf67sTJmULdO701jjnTYaIG/G1hdsR/RQyegoa7XwQGWQNSp"
    "Y9RYu5mcRHVqEVPVCE2fq7oFadIMWpqJ1gQZmKZiW9dZoqHRjAgvgiQbo79sqBBjAckSmv"
    "TA5z9oMsIz+I0W7v1dPypzBPUZd7Voxs7tpCvkee2kddCih8kHJy874VTRDN1e4SD/+pks"
    "DbwxQJiw1AXE0FQJZGcgps3ugF2gd7P+TbkXG2RxrzJkM4Nz1dZJ6I6nSpDWUJT+YKyMum"
    "NFaeTASDMww5dequUAsGCX8OM/ms3z83fNs/Or95cX795dvj97T/M61xs/9O67ezEBWm5R"
    "Dma9j73+mF2QQZ3oepclfHdsVKK6Vo4zAvQx0h6d3zEfXC9VM9kDYZuIH+gNRv3gox5yhA"
    "fzxg9+lsARwfO3D0+s1G+KDvGCLOnfi7MUkH9uD68/tYdvLs5+4JHue0eaziGGeQjjvPjW"
    "Ftu3Z1nApbmE6DrHeHgpIDNoJgPcxfbKAblHr0rFGoyBHVhXGO7Gh+5d+7ZLC4MrVYcT7P"
    "5zf/cHfaXT67eHv9Gi6Q1MEVbN5wkejD91hy1gsAZ5gu+H3Q/doXOS8UAZtWnmtQnn0FSw"
    "QWjDrVjqc6OAS5sXGTzavBA6lB3i/TlFJlkqtMVKqDQ3NDW50vBWEV+yZIJW8NQ/XgmvZq"
    "5EKQjftMfdCH6Gptlr1TlHjkaHt6pwXahS0zNFRh6Mvez1A/cyE7iXKeBexsFVn+igxVRs"
    "U8+DMW9VP6ibZxfvs7S4NJu4zXUO8mivKU5Qod3lVNSXJuMdtasj4pnwTkE7hrUbdFEUV2"
    "sdJrfUI9q568IgKLmE7UFRAvaxqCgL+GflBkXnzXdXmzCI/UkLfEZ0MHTrRzphkNnoBtIx"
    "nxVH9z+jQV+ELGcWHUggjYD/AR1ZpUHb+NfcxhoDDkxtpBOErVN22n839j+6YDCxkleW9Z"
    "cefqrf3LV/jT7w17eDjgOZYZGF6ZTiFNCJOEYzIYNMUUny+I4N1JJ9w1umjfHYj7IcVGbD"
    "Q29wNsD6s9cmprhm3Lvrjsbtu3vOP2w4yI40ndTnSOqbq4jPNoWAX3rjT4D9Bb8P+t2oGz"
    "f5xr832DWpNg0YsPFVUWch2sRP9VHjvG6vZwW9zltKr1fF6z5GIbd7Vx/yukUDzLwMX8ho"
    "Nz3aK+H5GMU6fwzRfCxhqmqPX1VzpsSOGE0jkRJk8McdNsBwbNCPGJsScZFHPj94hRyVq7"
    "77T6KfGpzfVL9uuOvwA0rvnN4vJO4ouT26bt/QeJwDnseZHVo1V9EUFasL537ZlbHrCOOY"
    "QO77+IqZfXaRktavcXU/SaH14UpFucLmjUFJ8dteXcCFb+eZ4rfzlADuPB7BmYYuoPS3M8"
    "6+bSGki4UUD6PuMGf40Gjf3PX6LeB8TfCnwWjcAuxzgllpLbApMy8Rd5WFh4uOWUI03FXU"
    "GchSpirGMKnFMSjYKhY0OWG7iDem1LAsd2xS9hvMdQaDW27Y2OlF2pX+w12nS8F3sKeZEO"
    "GamxDv6cCm2JgktTLpw/mo7Q4G9BWjj453/B4P26i3FBqeWEkU1Rh+E3TmvFUdKME0n3Z/"
    "HaeTJBuX3g76H/3sUeaEr2Hsyf+vgXPpxmGbfXYu4+uyqCm+57jKIjVeiaXGq5jUqBuaKu"
    "rIkzEOLPaIMMT7AXj3XbOuWkTRjQXCBYifmLHsKqrcVUheV1zNjpPhk7zua/S6iNfNQS8G"
    "j4cFLYvCliDBdTzLDz8NoS6aeOKxXW2bLEduSUf4HIhoRT6InUEaERGUpFbmgWpkaEjVe2"
    "5pz3VFa21bS4UYj/ClT9Y9LWjMyqkrUn7fSnM8eRRxcbTGTiF1hcqFiHFCloIsy04klHKj"
    "lVEJqebANBNgK8gm/1hLtN7J41VUOjoGxPzauNZVDMlL2y6nkJo+Wy5CysomcDe10UWrxr"
    "XRR2xXtTEXYEdTG+PKd4pYG5uyJ0bU18cz4BoUVZOnMKemHR7NJ0jbkcG+WOGmAcpSCQcY"
    "W5VuNosBWGiB4exHhMEMPiEN0ptYQmqwQvozMOYAEQuYcE6DpSVwh5inYAifjEeKDT3o2F"
    "uOjWsPDJtEhbDSTjTBKp6BlfoILcde1TQKgGcOLGKswVfDZCWcNk6yCPifw7MZTHZ2NyT/"
    "I5ey//DQu8mh69s2mp0ymyIty3Z5PzSF0jkT+7g4xPxJV1p24/RwBO7cerqC77o8ce6UmJ"
    "3mjOogu0T46WaWqe80l5ihbsYmvvuY4XnCWg7xPOGImZwnnC6BFZgnjNaMkKIZEsYx4irA"
    "W9WvDuxeBHPaf9pT4wQGV4wzb1U/nC/fNrMsaXrbFC9pYsfk1Pd6k+VZJBJHx6T1pYjfo7"
    "bS88fk+dB4OqffeUspfFdHCxN7WTRPStyJxi3r15GeZ+lHz8Xd6HmsF63GopJDg3y4ZSXb"
    "lop8MEyIFvgn+FzyYpFqtGE7Xi4igNojinYieg7dsmqtex5EIa5YQ7wbEjwnu8s9XAn0bv"
    "ThE/O78Ud+O8Hb5hlV8IaRpP/5ZQy+fPmToC9ffjgFXVVbAmSBhWHMwNwwgYEhMA3iPAf/"
    "ZLviWGzyBF4A1U12lSeO3i3nNBPM8qgL6iqwgipmFC/QoUqHCCeA8b6MC/66NHQIPNqbnc"
    "AbRGTkeyWte1BaF35bI5q7QETAW9YwDqxVSOBW6CKBH2cpA78qe1nSeUI315jU8brexAhU"
    "3GHyVrvsOKtbobf0kymBpRXo/y+MLes5dfgkEmLyT1feKLPMcCAyHzkhIIjPWBaHBJaTV+"
    "EnS2eJCt6sTeOJmpknwLKnf0KN/ADWKjLB3DRWdAT+BE1E72gGejfukP4UtDXNsDGbY2FC"
    "sFKJtqSH6diTLJF1khAR7PoUE4whtWH/ndX5tFiDRgHuHzrqZ6oAUAlNcrb4BP7pgaZimg"
    "QIjRuAwUqgRqp7JlGQ8LnhW7MM3uW7c0DkZg9VIOHSYoqw64psSBC239+qxvxuaXwcDD6y"
    "fW/d7wlu39+zv85XtEJmmk+y8/WOfs1J9IRgYBCYVBn8gux/8/IyA8Y0l3j7RHaMR7lyu5"
    "scVF4pYXsTGdiI0a9vYFOxeQoVq3ZH4uhMxIVUUKWCWgUX7EFBLTO2DaTBpNfv2JlErohO"
    "Wepmfdxc/2CueL6p/jKu21dcR/ynJ+swd2Owm0DisC4ofzbuWlfJ3DBXhePmkH2FA4tGbz"
    "BqAfpBA+b+zXDQu6Ehs/tjgn/pdlqAflQjfJaLXhJQLnHRi9MfFcB6YyfhzgS3YSlP0ExW"
    "NFJeycNZ1Q/q3S9locOsIkBHzCTS25GWDJEY+voyRHKzr7p5PYEuik2lPfCEh4q1rC+ZFy"
    "gZOMnAVcsFO2PgEhqMHaCab/ZONVuKl0zeoZcA+g+3t4diOL0N3xLozWArODG3GdpzrmRe"
    "8wlZaIp0b/6Qi58/2AgNOCXTWU2mc69vyK5aE7yH99SGrywGs3gb/4hZHeLitGF5Gfv40w"
    "7OJCkvsxZHTLxlDSOm442Q4oExxLNCTg7bSRdX2sX8EKOIXsSXUOW+q3H/0LntXbfA2p7q"
    "SJvgXv/n3rirDPq3v7UAwk+IQMVgZEeRHm73sy6JSmzBLlHb3RJY7/GVHgjTwTB68q8mu5"
    "bXb1+Pez93mRfcEibYTwmVeHCXeM+IRoOCPAO7iNlORhwVkrGzSEtiYSkmK6EVjdr8V91n"
    "hjhsVIchXfRt7RdZUGbZUt7YfhHDWr6QKY717mUlVry3gXEcaGEwHrEqxI1W7aF24/Lm24"
    "t3F+/Pry424fgmJS0Kj7+xz4KE7TWQgKp4i8uwjdzfMj00LLC/Jc9S5YkaeEs51brKYYMU"
    "ysVt3HFKplIof41ezyKU+zV2+pxb2o2ZSoF3VwJvAG3cJVLm5aXI2GPIqZFDWkGGvetxth"
    "3rhON4+Uqg+Gtb9vUqoKOBqHxV23mohMq2/8htU7fZokezBIn7s1c+K9mZohLdjMHP4FXU"
    "0AQNj9Ck+T8nJUsNvJIauGkkvV4oG4Xt2+6RZLpvD8e96959273TPBz2p8Fo3ALsc4LvBj"
    "fdYXs8GLbA5ucEhwpvgeiZDs5tH6Hc4EoEeR3lCwvu9wTfdj9Qf7DPCe60+/3uTQu439Vw"
    "zJ8GwsqKNqGGYAHRdu9Eiqi0SHc97Lo1x/tB640n27nfG9numtasFgj9qY67CsXInKEMka"
    "sSImfaYwLOSZHtJQIzSXdWhwGJ+3eq4mJ1mjOUPj4CH9uYJO3ClMnNG1vp6Yp7usBbTXir"
    "+k0xuMw0RfcyZYruZXyKrlQM6jYcyqIYeM1hAcEgalmjSQ97IWJib7HP6wDOTKo1heGXKy"
    "GrIpQFhPMLRbJgbdiRuSGrTMbV/e3rIeUS050vMd10f/vDtWKdZVZYowOFSq0v9XTLpO3z"
    "Nopmyt55gXRanvg2QybUiPIIn7dJcM5j5Zx4Mz1Pim3VFNvkgtMDLjhN216sdgtOY2BnRD"
    "sV7hjeftNTRPLybav8bDc+DgcP9y2wMA17PcE3vWH3etwCbtvM9jXsDx761927LhOM2esv"
    "bHqnK+/l9IdXuo5QMS62PI1fisYEyOhytWo4BFmbe4r3woahQxULumHOMOKPKbUsyyGblP"
    "1S1p3B4Jbj0jq96Kr3h7tOl8LvoE8zISII9B0ejEm3OSHn7CTiORBnfK9iQnYtWnJXLF78"
    "k2QrFwFxjtnJIqAgusgzTuKs6jdM2v3CQuf9FCtoWWzxa8HXW/DmUrmsjq4SVy7l4rrX4G"
    "W5uE7coB6naCoX171Gr2eRyg++uK5i7bgUy18J/FKx3b9ie4g1oxVrX3azZDSLwLjjJaOu"
    "clgzsbzU9ZAhxIRK7Pb1kK4aW956yPVGERashwxPCnKvRb7crLIK7JEtd7zrMs41rxySvL"
    "rRLYsmBWUeXBBZ2aTolP6IqWRMqhNExWNn5qwCU/ojZvVjnEuZ048NguZIc8YrluLUk5za"
    "l6AEqYLlUMHkMtN6kUWSInyNXs9CEbojkQIEYcRQ0oNF6cEg7sqFP2cm6UG5luY4oE9hZg"
    "Oy4oXkYe129jqJ8Idc3ZdraQ6wlsbv/STVvQXVyDChUitp2tBE2rKRwN96R07SuFs1yFPm"
    "i9pycbGvhYh94R7vYoq1wJuwX/oW7Kq1l5F3Q1xeZiB5aC7xmyHYsdg7x/Mg7GWvIbqlLC"
    "SiZyTeMo6sM5dDJvufsHwYGnpnU5NjI9p9dmbf/w/ryzCk"
)
