from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "job_claims" (
    "key" VARCHAR(200) NOT NULL PRIMARY KEY,
    "job" VARCHAR(100) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_job_claims_created_365521" ON "job_claims" ("created_at");
COMMENT ON TABLE "job_claims" IS 'A key claimed once, ever (until cleaned up): \"this reminder was sent\", \"this user''s';
        CREATE TABLE IF NOT EXISTS "job_runs" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "queue" VARCHAR(16) NOT NULL,
    "lock_key" VARCHAR(200) NOT NULL,
    "task_id" VARCHAR(64),
    "attempt" SMALLINT NOT NULL,
    "trigger" VARCHAR(16) NOT NULL,
    "arguments" JSONB NOT NULL,
    "started_at" TIMESTAMPTZ NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "outcome" VARCHAR(16) NOT NULL,
    "counts" JSONB NOT NULL,
    "error" TEXT
);
CREATE INDEX IF NOT EXISTS "idx_job_runs_name_dee71c" ON "job_runs" ("name", "started_at");
CREATE INDEX IF NOT EXISTS "idx_job_runs_lock_ke_c8bbaf" ON "job_runs" ("lock_key", "outcome");
COMMENT ON COLUMN "job_runs"."outcome" IS 'RUNNING: RUNNING\nSUCCEEDED: SUCCEEDED\nSKIPPED: SKIPPED\nRETRYING: RETRYING\nFAILED: FAILED\nABANDONED: ABANDONED';
        CREATE TABLE IF NOT EXISTS "stored_files" (
    "key" VARCHAR(200) NOT NULL PRIMARY KEY,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "stored_files" IS 'The bytes of an export, for the database-backed store (``store.py``).';
        CREATE TABLE IF NOT EXISTS "broadcasts" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "travel_id" BIGINT,
    "title" VARCHAR(200) NOT NULL,
    "body" VARCHAR(2000) NOT NULL,
    "important" BOOL NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "total" INT NOT NULL,
    "processed" INT NOT NULL,
    "notified" INT NOT NULL,
    "last_user_id" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "started_at" TIMESTAMPTZ,
    "finished_at" TIMESTAMPTZ,
    "created_by_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "broadcasts"."status" IS 'QUEUED: QUEUED\nSENDING: SENDING\nDONE: DONE';
COMMENT ON TABLE "broadcasts" IS 'An admin''s notification to every user, or every member of one travel, delivered in';
        CREATE TABLE IF NOT EXISTS "data_exports" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "status" VARCHAR(16) NOT NULL,
    "requested_at" TIMESTAMPTZ NOT NULL,
    "ready_at" TIMESTAMPTZ,
    "expires_at" TIMESTAMPTZ,
    "downloaded_at" TIMESTAMPTZ,
    "size_bytes" BIGINT,
    "storage_key" VARCHAR(200),
    "link_nonce" VARCHAR(64),
    "error" TEXT,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_data_export_user_id_8650bf" ON "data_exports" ("user_id", "requested_at");
CREATE INDEX IF NOT EXISTS "idx_data_export_status_a3df19" ON "data_exports" ("status", "expires_at");
COMMENT ON COLUMN "data_exports"."status" IS 'PENDING: PENDING\nBUILDING: BUILDING\nREADY: READY\nDOWNLOADED: DOWNLOADED\nEXPIRED: EXPIRED\nFAILED: FAILED';
        ALTER TABLE "users" ADD "deletion_requested_at" TIMESTAMPTZ;
        ALTER TABLE "users" ADD "deleted_at" TIMESTAMPTZ;
        ALTER TABLE "users" ADD "deletion_due_at" TIMESTAMPTZ;
        COMMENT ON COLUMN "notifications"."type" IS 'MESSAGE: message\nMENTION: mention\nREPLY: reply\nJOIN_REQUEST: join_request\nMEMBER_JOINED: member_joined\nTRAVEL_UPDATE: travel_update\nBAN: ban\nREPORT: report\nANNOUNCEMENT: announcement\nREMINDER: reminder\nDIGEST: digest\nACCOUNT: account\nSYSTEM: system';
        ALTER TABLE "planets" ADD "chat_changes_at" TIMESTAMPTZ;
        ALTER TABLE "planets" ADD "chat_open" BOOL NOT NULL DEFAULT True;
        CREATE INDEX IF NOT EXISTS "idx_users_deletio_64f60e" ON "users" ("deletion_due_at");
        CREATE INDEX IF NOT EXISTS "idx_planets_chat_ch_57257c" ON "planets" ("chat_changes_at");
-- Hand-written: existing time-restricted planets are evaluated by planet.chat_windows at once.
UPDATE "planets" SET "chat_changes_at" = now()
    WHERE coalesce("time_restriction"->>'type', 'none') <> 'none';
-- Hand-written (aerich cannot express a partial index): a message notifies each member at most
-- once per channel, even if its trigger job runs twice (connecto.notifications.service.notify).
CREATE UNIQUE INDEX IF NOT EXISTS "uid_notifications_message_once" ON "notifications"
    ("user_id", "message_id", "channel")
    WHERE "message_id" IS NOT NULL AND "type" IN ('message', 'mention', 'reply', 'announcement');"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "uid_notifications_message_once";
        DROP INDEX IF EXISTS "idx_planets_chat_ch_57257c";
        DROP INDEX IF EXISTS "idx_users_deletio_64f60e";
        ALTER TABLE "users" DROP COLUMN "deletion_requested_at";
        ALTER TABLE "users" DROP COLUMN "deleted_at";
        ALTER TABLE "users" DROP COLUMN "deletion_due_at";
        ALTER TABLE "planets" DROP COLUMN "chat_changes_at";
        ALTER TABLE "planets" DROP COLUMN "chat_open";
        COMMENT ON COLUMN "notifications"."type" IS 'MESSAGE: message\nMENTION: mention\nREPLY: reply\nJOIN_REQUEST: join_request\nMEMBER_JOINED: member_joined\nTRAVEL_UPDATE: travel_update\nBAN: ban\nREPORT: report\nSYSTEM: system';
        DROP TABLE IF EXISTS "broadcasts";
        DROP TABLE IF EXISTS "data_exports";
        DROP TABLE IF EXISTS "job_claims";
        DROP TABLE IF EXISTS "stored_files";
        DROP TABLE IF EXISTS "job_runs";"""


MODELS_STATE = (
    "eJztXXtz4ji2/yoq/tnuW9lUN3n0XPbWrSLE3c0MARbIzPSOpxxjFPDEyIxtkmb3zne/kv"
    "zA8gvbMSAcVXUHY+vI5ncs6bz1n8bSnEHDPh9a5qNuwEYL/KeB1CU5iF46Aw11tdpeICcc"
    "dUqJGiu3ET2pTm3HUjUHn39UDRviUzNoa5a+cnQT4bNobRjkpKnhhjqab0+tkf7nGiqOOY"
    "fOAlr4wm+/49M6msHvuHPv6+pJedShMWOeVp+Re9PzirNZ0XM3+ryLnM+0LbnhVNFMY71E"
    "2/arjbMwUUCgI4ecnUMELdWB5A6OtSa/gDyg92P9H+U+7LaJ+5Qhmhl8VNeGE/rFU2V7rq"
    "Eo/cFEGUsTRWkUwEgzEcEXP6pNAZiTR/j7fzebFxefmh8urn+4uvz06eqHDz/gtvR545c+"
    "/eU+zBYttyuKWfdLtz8hD2RiJrrcJSf+ojSqo7pUlBlb9JGuPdHjGA86C9VK5kCYJsIH/A"
    "OjfPBRDzHCgzngg99ky4jt+3cITizV74oB0dxZ4K+XHzJA/rk96nxtj95dfnjPIt33rjTp"
    "JYJ5COOi+NYW248f8oCLW6WiS6+x8GJAZtBKBlhC6yUFuYufSkUajIG9peYY7sZn6a7dk3"
    "BncKkaUEbuN/e4P+grN91+e/QNd41/wFRHqrWR0WDyVRq1gEkmZBkNR9JnaURvMhko4zZu"
    "vLLgI7QUZDp44lZsddMowdLmZQ6ONi9TGUousfyc6pazUPCMlTBobvHZ5EHDUkV4SU47+h"
    "Ke+9e54GruQZSB8G17IkXwMzVtvVLpPQpMOiwVx2OBp6lnqptFMPaa1w/cq1zgXmWAexUH"
    "V33GQoulrC2jCMYsVf2gbn64/CHPjIubpc+59CKL9grjBBW8XE7T1tJkvKN0dUQ8F94ZaM"
    "ewdpUujOJyZcDkmXqMF3cjVQlK7mG3UpSAfUwrygP+h/0qRRfNT9eBGkS+ZCk+YywM9XxN"
    "JwwykW4glvnsOLo/jgf9NGQZsqggoWsO+D9g6PbeoG38z+MaaQQ4MF3rhqMj+5zc9n8bh5"
    "cuCEyk56Vt/2mE3+p3d+1foy98pze4oZCZtjO3aC+0g5sIYzQLEsgU1UmW74iglswbljJL"
    "xiMH+2LQPice/ANnA2RsvDkxgzWT7p00nrTvhgx/iDhIrjTp2U3k7LvrCM+CTsAv3clXQL"
    "6Cfw36UpSNQbvJvxrkmdQ1VhiQ+aKos5DZxD/ro8Zwfb2aleQ6Sym4zgvXfYxCbPeePsR1"
    "GyuYRS18IaJqVrQ3YucjJtbHp5CZj5yYqtrTi2rNlNgVs2kmmgQJ/HGGDRCcmPhPzJoSYZ"
    "FnfL73OjkpVv3lv4n+2e39LfUlsF2HX1D8y/HvhY4rJbfHnfYt1scZ4FmcyaVlcxk9oyJ1"
    "Tn8veTLyHGEcE4z7Pr7pln3ykMKsX+PhfpZh1odLVS+kNgcEe9LfDsoCRn27yKW/XWQocB"
    "dxDc4yjRST/m6Ls09bCulyKsX9WBoVVB8a7du7br8F6IeMvg7GkxYgf2VEemuBoM+ihrjr"
    "PHa4qMwSMsNdR5mh28pURQgmzTgmBltFKVNOmC7CjSkm3Bc7gjOHVeZuBoMeIzbedCPzSv"
    "/+7kbC4FPscSPdYaabkN2TwqaskZM0y2SL81HaCgR6zsxHpyu/x9U2zC0Fqyd2kolqAr+n"
    "LOYsVR1Mglk8lX6dZBtJApb2Bv0vfvOo5YQdYeTN/7eJCvmNwzSHXFwmnX2ZptiV4zqPq/"
    "E63dV4HXM1Gqampi3kyRhvKQ6IMESHAbj6pdlQbUcxzLmOShh+YsRiqeB5qaB6MP79eObH"
    "2NrljH2pnQjenwTvZ2v4Gq5vyQ/C7yMYl+rD7vLjWwzqk+CycNSly02n6bIRjrq3yPU0R1"
    "0Bf9H29bChbWPYEmIqbjzKzz+NoJEWSei5L9prZzF2ezrB9yDNT8RaJWcQObqjJ4WfFIFq"
    "bGq6anTd3jZ1RWtqmepMwwrfK9G68fs5WdEhGydkOvqjrlEUXglVP9RVXV+r1dpeKI75BF"
    "8L1hB3NCH91BUpX2TDLZ49V3J5tCa0k7pC9YepB/YJGz+Dhqf6JN9TYcB+xB2P3H5rOn25"
    "b5fCIHh45E7yrfOgm6rIVnTbXlfzyuWM0znhd20JSWi6vdBXlbxpZQObTgExfw1YGSqCrx"
    "2YQ9pJTd8tFyFluXZgNaPRRavGo9FHrKrRWAiwkxyNS6wfq3NoewGGr3zB7tzeavp2BVit"
    "9JRAIAFVBCqB0U6MFDjTX7sMekBJuKeagoWFBq0Cc4QH1Mjrra6zOjEhY9VHg7j/yhCbjd"
    "wOaw2a7eBfVYnUQBAbO/lKAZwoXivTcmxloaKZUdFyOKJ91nYOcwEjSbUHhuskXzD4neL1"
    "OqRuVUeVvtcNpnhqVUY2UCwnPB1RPwErxyS37aomQ7Vg0lTYu5iQOxVxPqanUKm4oRJ2eO"
    "5MpSJpcsDW51gH+buOwAw+6xrEP2IBMcFSNzbAfARYpgQWfLSgvQCub+IcjOCz+YSxwRcp"
    "vU1pXHpgrukICQO4txvJCK8ZYKk+QZvSq5qGAfDIge2YK/BiWqSH80bw6mRliP0WTpezyN"
    "3dEIHfC6WO3d93bwskjq3X+uyc0JSZWXbnj4Vy9OmdyJ/LYyTou7lLbtxAOCKA/vTsFDGX"
    "5YnJuenhzwxRHeL6IwHQzTy1VXCr9BDoZqyyio8ZekwoFpReiCJCJgpRMJE0VRSi0FckQA"
    "Y3SJBj0ocAS1W/MVB9lgWd//FKjRIiytJxZqnqh/PVx2aemlkfm+k1s8g1UVul3sF7eUI2"
    "aaIMHi9l+B6lFZw/Jc6H5OmCfGcpRSA+P7G56VxOS8RNX0TjlPVbSC/yrKMX6cvoRWwV5a"
    "Nq0bFBPl7dol21iD6bFtTn6Ce42XM1Ij7msIrrEaVA7RmKKomWHbl91Tpg9iihxZxNxNUY"
    "wQtad5mXK8G8G3350u278Vd+t4G3zVpUwTtiJP3xlwl4ePjD0R8e3p8DSdUWQLfB3DRn4N"
    "G0gIkgsEyHvgf/IGXXbZLMgeZAdU+7LifGvLuf28iItFHnmFVgCVVETLzAgCoWEc4AsfsS"
    "W/DLwjQg8Mze5AaeEJHT3ivMukc168LvKx23LqERsJQ11ANrpRK4A7qM4sdQCsWPZy4Lc1"
    "4qm2ts1PGW3kQNNH3BZKmqXDj5HdA71skMxdLe+v9fqVvWM5X5LKJism9XUS1zn+pAJD86"
    "QSGIZ1CnqwQ2bauwydt5tIJ3K8t8xmTWGbDX0z+g5rwHK1W3wKNlLrEE/gwtHf+iGejeui"
    "L9OWhrmrlGJMbCgmCpOtoCX8ayp7PQ7bMEjaDqW8gIQUxDvtPyr7hbE2sB7hcs9ROvAFAd"
    "fIruIQX82wNNRfgUcLDeAEzSAyZS3TulKQm/NXxq0sB7fDcGRFQT5sEIl6VThFkXtzzvrn"
    "gbpj9c2bzibGl8GQy+kI3V3E8ZtYdD8pV+RAdkrniSygvq+SMnkRMpgsGWhGfwS1r/m1dX"
    "OTDGrdL35yHXWJS5K599VPfKHupnC8UmHf36KjacxSlwNuxOhNG5DBfCgyo8qDyw4AAe1H"
    "3qtttqVglqLVPqKl2jZStr5VBlsS43W+robzYIF5vCGiUg2uIGEKzOgGl5X92MfpJuQHxL"
    "btGNM4AfQ8eXsQKpo7gqW/ktZDSlyq0NphvqxLq57/0E/jCnzA3Op2vj6Rw8PPiLCeH5ww"
    "PxcREarKaQOdAG2tqyTatF/GZr3LWzwEowyXxY4XvhBuslvo/66OBH0lMVXqHZ8jI5nmVo"
    "tl6NmKJMYMhKrVWcyR6H5EZ4kwOnWPX9gKCOimyuPZSbGXsoNxM2qDZnmyIA++3riW9OgD"
    "MRjkGsL0kGq5qU3JC9+1CYTuw+VGD3IVIIYJ2Ss7PbGLmlPuAOHv+8l+6l20Yx2D2qFnA/"
    "ZTSW+rfd/pcW8A5kdIv1txa49bS445snHdNREwxn6Qup3742W1c3P15+uvzh4voyWDmDM1"
    "kLZtL+1SbJvE0qR5C1LfiWRkAahdTVBQohGiYRgEYBDetRxSToKGVtsD2wCC0M6ekMqa8h"
    "HcswVjmus5TCiM6zEf1RR7q9KMXmCKngM8989mfi6abwMhojFcaoivwmW2QP5z3hjA95nS"
    "exl5BxoeCnAP37Xu9YPhRmm4sEN0p0G4x0T0ps74185aAYFwf9B4G2ILsgG+CdvYIauD7/"
    "+P4cTBYQWFAzrZntuzoYUntBgvjUmDdlD/eQ0cPD3DLXK+of+QeAXqpR4HI5w73gByDxgY"
    "j4RIgpy40sJHlK5gsqUxxqa5kJyaaYgGnk/SpySKtC+k22xAh+d/BpBy5XTnDZ/zXuN7++"
    "K/kuPDNcemYChsV4kB4CH6YRAfBR0xxBIgZmPpupT8uzW6CBBbFx+4vUAt7oltGd1J90B3"
    "1yBpFWMhpJw963FpmwjI2Mfhx0+8pI+uc9FuFaILwpCaEl1miFNCEmWNcFTTcuIWmUk1H7"
    "Z6mn3A+JANnyXNKKuwGejG7a+J5T1b3fYDRpeTOkjNr9/uC+35HIk7UACaNeY7zJ45G2d9"
    "3+rTQirZcEG0tGt90v9Nlm+pw+VbvTwfSE1A23ltH423gi3bWAvbHxjFfGCtzMU/CpmV7w"
    "qRkr+BSao8u8bSFyrl84/PK0h8MWIPtTr1YyGt6Pv7YAyQuXkXTX7vZabig9ZtLdGHNoac"
    "voF+lmPOj8JGEWvsCpbWpPMFbb8Uime+GMFc7YU3fGEnEiDnFGkUWvvaiuyBhLqqiuGJKx"
    "C4nRLJ2wZ5T1DIi4BBGXsHMSGrqBBAXnHJ+sBYZ+IMKYCrTkLxZapV73Z2lExObgUEafsU"
    "BETrmffMg8npUggWfjpWoYqXNUmK42nsuL5qfrYEYiX7LmoPFdu9eLDwHCr7KgRmkPB+wV"
    "/8BGjVoxbLP9QQnkwifEs0/IIJrhTMEqflIi4o5UqQit4DTXnCaRMNCyzIQ0nQkethnxMw"
    "FVHbJOs3gq/TrJ1k8ClvYG/S9+86jSEi3L7/kyFKdgXX6Wjg/VkdyvNqojqVtXJrZlSyam"
    "PJ6nvO0QKs7kKK3gNM+c9l20BZkcIhP85Zm/Ivw0lc01Dj91/ZxluM5SCq7zwvWEwR4reC"
    "1qOvASmyhqOpxwTYdtufeEYESmFnx6JGKk9vzOOMR0bAuG6G33/xNxc3zGzTn+25M7jMMn"
    "qMbtdFwW7H+HtZWhOo+mtSzr5gvTc2y2a3QH4xbAf0jM2u1o0L1tAe+ABjG1AP7DhxNPbG"
    "SagPIeNzKl61EJrAM6AXcuuE1beYZWcpXqdLBZqvpBXf32pFjMKgN0hEwgvRtpYS1Kh/40"
    "7QbCWvQWuZ7HWnTkTSw4m1mrSeERFjhhgeOBBZVZ4BImjApQLbYjC58zxWs2ZDl2xvWEZs"
    "M1Esyb3pWzLNumm0t3CLvms27rU93w9oRx8fOFjXAGsrB0cmnppJ8x/NMVNr99DdOpPubK"
    "pvqYkUz1MSGXKvRkMZjTIxMjZHXQiw8dmkiLNClErymqMbGUNdSYTldDiivGEM1KMTlMJ1"
    "jMNYtZEaOMv4jtgee1qzG8v+l1OyQDfmromoy6/Z+7E0kZ9EnJBR096w5UTGLsKLPCVb+T"
    "1ull6+kIC8P6s/80BQoVtDuT7s8S4YLbA6kk4Z4J9Xh0lnjviIaVgiKCXYSsEomDIzd2Ht"
    "dSumMp5lbSlyS7em0VcuExRHUQ6aLlCC7zoEyaZZQjuIxhTVbgf5uoYFmNLc0B55b7Safg"
    "tMKNW4l079bnSZjOM9NNQ1Q1KjRQWXlnGzoOvl8CqunpUWEaPlKjalVVg7VSFUycgZU60z"
    "h7+eukNghHefocd5ouU+Eof4tcz+MoP3r1Z+54zYOD9xjln3ljRF5XZHb95xEeIKNuZ5Ll"
    "jdziHi7CmSB33njkn38aQUNN8TEwzsYfcYcjt78asSBSaS1F9ymOVs3e1GjkPoKvfamGtJ"
    "O6QuTX3nPL1b4Sqju3sxHtq06I7T92IjxppYZRRGa2XREVSmxqzbEXMPDak615CT1QvVrH"
    "4GVh2hDgPw7Ad7bMZ2gDBF80c4mnIvDONwOckw50C7ZpG9V4fx41Ne/lJjIiVfEt8wWsoE"
    "X+2yaih/7mwRYke8njG0BE9v7dANV+Auocszmtcv1vHo70Mpkmf48FlDDbwm49BCJbjtsY"
    "ktNzApXxy8WqNbaHw9HgZ1KN0T8iVRs7PbfWuX8ko06735F6tGxjcMiHq4hOZks8OM2UtK"
    "/d3It0wTULOyOpPRmMMBvcA1Js3HW2up+Bs7UzuJVaIPSFD3Z5gkURP0iIpH4Op6tcAVtX"
    "GQFbV0kBW5o+K2kbDlMK2zA/5iJhG66/lVDYht8i1/PYhv15uYRtOEZaIwf3gSvpM2pdfg"
    "4wZMIyXxp+kfXGi1NkawB5pUNkmwd0YmzI6xJhxv7u3DeRTlh5OuF2/TscsJytlnlxjYkK"
    "HGYTUg6kmsJ9/uy0gZNXaA+phUVtw/FNT3+PbHPqnxZ2Yy7txpZplN5M06c95DY/7dGk2+"
    "kO2+4vLWJ5/Dog+0+SvzK6G9xKI9cOGRzKKNR5C0TvdHTL4+lZ+BtuakZRRvkJHe6njHrS"
    "Z8wP8pduSEot++4nH4wRFvyTsuC7O9+WsD8xhML8xIv5KY/R0YCPZfbhCJEJVwI/1sU4f6"
    "dkn+UyY5ohFDw+AR6X2kgsSis4zTmnFbwW2cXKWLJUwtOey9MuvHF1E4fyeOO86bCEMy5K"
    "KXxxwhd3kvALX5zwxfHCBuGLOxVfXLD8CVfcDlijggJXnjgv9ylp26IgKypjz6Jt+tX+nG"
    "8z3YKaozzBzS4XHH2t6I2DsgjUB6ctVEfBf9Ac2qL657ElD1H9M4+x/+DVP7P2eqld9c8Y"
    "2DnRzoQ7hrc/H5Xxg/m0PL/bjS+jwf2wBeaWuV7J6LY7kjqTFnAnbLLJVH9w3+9IdxLxIu"
    "NV0FzjX7qE7vR4fPfXCbqRy9UKZOsCEq9ktHYgHwzR7eA3xVdh0zSgilKWYYYwwo8pptwX"
    "Q4Izh7Vj3wwGPcbAdtONliC+v7uRMPwUfdxId1K0f2ocI/7cgpAzdALxAogTI7BiQfIsWv"
    "JSnF6JLYlWVGRjGFNJRbatylFETmKo6icm7WHzMKKYmaukzU0zJx+G7oCTj6+SnezcE9WE"
    "Y7DvyDaMkwv/MT/erYRoH9V2FL8CTImonzi54PfJ8NuGfxazZiVRH86782Ffi9hRvGqiqO"
    "tbGG8icT992J1m0IhI3H+LXM8TKnT0oq6czeMiWOiNwC8iVg4fsXKMWsWczS95kc0uVZwn"
    "wKLisrtu5ETNgoWSSr9VU0y2riARSUixoAZx/1WV3VVnI7fDWoNGXKuvfbncQUgQG5Pe6o"
    "TX/uPB0iozsDPbrriw/VVmWAWxaSmVGcLhye6ziIK93IZ9nVjhhTuJOFsKujobyXUW3L7w"
    "qW2fR4/CWK6dssmFEVJhu+THnBG3YhFmlUgujJDVz829l+xCZDr6o65RocVW6DhJWHKyfN"
    "4pPYjQmwLub1Hwol5mW2Gsf4tcz2OsdyWREqb6CKEw1Jc11G/1rkL4M2TCUC+yek8D+gwf"
    "ydZY8Uozfu32KTuLWPKZsS+yeo+Q1euvfsLptAPViJjAVU6v71dJMOCGXC7p1tuwd2d/ll"
    "sSX0izc22IWU1fFc3QIdpGIPomW8ayy8wRoSAq2pWzcJ0upum3CO7CyhW6X+ssfi0k9QuD"
    "MZ8G48KBrQePZa0JC95QKutE+nWCxxL87sioe9f+QpIjl3gWktHP3Vtp0ALP+gyaMvrc7e"
    "FLj7qBr4y/jSfSXQvYG9uBSz6s9/h2jpdhy/Jqgn9aSnTalqQO1twsKwZmMmPAiCWLBUaM"
    "3qD/xW8ezSBjETctfa4j1VBKQJ9EK3hQnAc2VC1tQbBQyBAuwoIEUsGB4hyIy26Jq0XKDJ"
    "REXAcu7DuBUnUcVVuQkgoKWZIKG3yS6YXRs6yYRJAk/rk4F9JzusM0fORyk/vVJpd7CR2V"
    "aBLFWLKl4YMltUqvhzO9nEeOIRTRJfz43+JuV8IqzLl1kjw8XqqGkbomsZS1yT+9aH66Dt"
    "Ye8iVrtRnftXu9BJ+aXrK4P0MoBg7PA0ckDr8dLpcIv4sR1k9N2ksAnsjUTkf/NMOARPDX"
    "W+R6nuAvfyEstcV6hFTYQkoHgOllt9aIUgoeiCC8k4Tfgitjo+CJqigDIoRiAJTlgBtcUh"
    "h/hkygXzpqIBaPk58FcVrBBxGRyndE6jaUTQRPZqDKzK4poZNJy2gFwOavOXGi2EYkhxzo"
    "hiZaAXCOQj6xdSkHxoFGI+aGXTOunmu3pGR1X6C7A92YeeMVtZLITKMfrgbQiSCeNLUeul"
    "zSKUJFvL7VACThnmokkkbLI2kpAUbl6kkFu0jUFC1Rgas4aCvTqgwu0ledkDpA3hadv9Jz"
    "t/zpbWf+lhJMqTuTuBoDBMHKgs+6ubbBM7RsEnxmPgIVATfmCnidnjci+BUkTUgKi6R4iZ"
    "wrLnOufBaXyXJIouU5GYjbIHtuAid5Y8SJOrPzhDB4rCvhRo1SCvt5+bD+9KyWzGIyWQkt"
    "wpGazYAMB8ZyqwofzFzJGyNyVypg3sHdPoxg1hDGtB3IRudXHotABCp+ukIRtgLsVioYC0"
    "TV1SFC49ov7gKX5h96rA6EUBK4VBJcZsUYkB7NHBDUQh3Y+3aZIob5DSoAQvgUpfTeEvRC"
    "7j+K3C+q6eVBdWc1vWNL+4F7KlPgDzuxcsn8rB9t33L/jrJvPhNEfTY+1QD6vhQXUkNkNZ"
    "RQT0QiTcivioukM/isa9BlT4zJWbmrDFn9MlerL+dGxwR1myVVtUqvYBKlE1VMsp1xpQrL"
    "CL1MJLe9XfiFWizUYn4YIdRirtXi+LxdAagi/exY9obo7qoJxoaEDVh3bhga2f11d9xiG7"
    "g7Nv/NBoQWYJlNJ9fOgfQMLfzSYC4AZ2GZ6/kCPDzQ/r2vig3/fHgAukf5Tsa/1noCqkH3"
    "T2NCHPdyFxmRM3Lj/RmwTbCm3wAte0Z6M5GxAYZpPtlAdQCCL9Dy4yjtf+B7GKrtwfVfbv"
    "fOAtJmtiMjr6F7y+kGqGiDiVUsgDfOUiww/jTnjU3hb+Vm3T/bZWgJvWnFeJFEXZtyewcW"
    "hrfjsaxamNaDiNp7PU+K2yKjtKKaHs/2SGEJEJaAtwN9hiVAaKtCWxXaaqp3nGYjZjnG/X"
    "TFPD7xIE1yj95w9y6JHnF8y2do+NucYZ15TR9GuMV51tZSi/3u3kXrlRV/DzSpNMbD9l0L"
    "kL8y+toetcfjO6k/aYHtMTk/kciZiSSjbr89HI4Gw1GXnmS+yghPG6S3DultMPkqjVqAfk"
    "RNNMdxzs6go+pGQqp0eipkiKQO7u9DJ0Bu57kyQ2hLfbgh1BgMpX5BlzelwW86/iuj2+74"
    "rjseS7ctEBzKqN2ZdLEyhU/6R3wMiYWKZkapEHWWUujbPOvbuCvMN4IAbuIUigFKIK3DRC"
    "gq2Ivsj71kf/jTYon87xipMCWXtXCJWK/jV9KminCZStphQsGC0ixgDA75GcCQCfhFzFd1"
    "jNhXzJf7ylYA7SToqKbIMoN7N7CBOfP10NbcRRFZtnZDuxX2DgcuZ6JhXmxjcjFXhTt+NK"
    "cdQ9WXjQQ/RXDtLMtF8YeJQSDNcgfRPcENoBRwBkz8ZpwB+Awt8I4Eoxn4ClQRvrJevW8B"
    "ueEsaDTbknDZAi+qDWyIHBnfy7tG3Gt/s6P2qD3dRkYzfQ5tBzyaFnAWqgNm6ga84KbAXO"
    "Pm5wC/7tBy3BA9SJ/BC5ejj0Kj75wXE9jaAs7WBrRsYFoyejGtJ3KMoSOkbu8Q2JghYKVD"
    "DZIah6QR0FSETAdMTWcBZibQnZyFDn8L6+XpPhv8wEXsK17zagycx3XaMCaVZi6TSjPDpN"
    "L0TSrpHho8copg7TXn2R9TNpEtF9ofM9D+KAxYb9eAFdNbjraUjtaJpa+8KzuXUWu9j0JX"
    "sYWAPt0ZdVBZ/oJwBn5rGKb2pHgzOl7NNBM3E959Pr37Pg/zLh5+e7F65Fs98O9cFwI4IK"
    "gjwpU7bsNTTV6EwzQ1BLlCkTNkW1Ltp0QbajrMIZL6uUqrr5KnOg5crhJkzPFSNYzU1TBE"
    "djgr9cf9LokXzU/XwSJIvmQte+O7dq+XZPbX5/Mkk13GC7slqeG0UP3cq1rz9RKipE030i"
    "t8MESivAejDVVR3iMki8e4kq2tspQ11FZPRDvNFcr0qCPdXpTic4RUhKzxzGdffU5cxnaH"
    "jobIeV7SGqP7fr/b/9IC3oGMxvedjiTdklDR4BCf/ak7HNJz7oGMRtJk9M0l9Y5k9Lnd7Z"
    "FG7qeM2jft/q0XduofRu38x1lCaeJ8ofVzSyEWz8oXT2hZZoLImB4XHxDUQcM5RFQ8JyZW"
    "vEKq0ve0vKrQ1bMsUys1qsHve8qoiplbQ/l/FsSt7bDNdZskgB9Ix+94tntOGF2PaXQ9wX"
    "yQodS/xYtrwZneJ2sB70BGN/fdnnvKPyKLePv2G1nB8YeMbge/9HuDNl37t8cykn4ddkfk"
    "pHcQXej5WNKZoVlQNI/SCiWMa+GceD83JSsGb4T6dQIcDq2lBXnMUgou88zlmfmCDFOdlZ"
    "qzY8SC1zzz2tb/DZXpxknc1j5DAGbpREpS2XQM28FX57CozzZCVgd1+wBeW0NHT3gkeEpE"
    "bv84Q1U/qKv33Qq70SGrKYi6Xbxkc4m6XZXU7TqODXSMl1Q4+6xTbGM20NDVsywbqE3b4X"
    "saeYsfTxYQUEGKpCKoCLgG1LMgV4FYzaaqDf9OfiacAXoH8O7hgR6crzYPD+/Po7ae6nrd"
    "bYkVOQ8c5DyQC0krAFKtTYqi5lFE8A5k+tOcfRLncs/dFay6GNibbr89+pa87N4kuMduvk"
    "2ktsiEEJkQx3TTtaGla4uk5cm7krk0qds2+3TMFfKxvRUHW/Pj5afLHy6uLwNxNDiTJYXu"
    "dp09Q8vW08oRJkMbIuE5CKbsant1lWe1vbpKX23JtUhoJx5UBRD2mtcQ3f1kFJIN7lChjf"
    "FCJIeP+zmOFFNZhM9RF7O//h/SukfO"
)
