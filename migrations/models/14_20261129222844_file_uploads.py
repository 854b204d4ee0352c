from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "file_uploads" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(8) NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "declared_mime" VARCHAR(127) NOT NULL,
    "detected_mime" VARCHAR(127),
    "size" BIGINT NOT NULL,
    "checksum_sha256" VARCHAR(64),
    "storage_prefix" VARCHAR(200) NOT NULL UNIQUE,
    "multipart_id" VARCHAR(1024),
    "part_count" INT NOT NULL,
    "planet_id" BIGINT,
    "status" VARCHAR(16) NOT NULL,
    "reject_reason" VARCHAR(32),
    "reject_detail" VARCHAR(500),
    "scan_result" VARCHAR(16),
    "scan_signature" VARCHAR(200),
    "scanned_at" TIMESTAMPTZ,
    "width" INT,
    "height" INT,
    "duration_ms" BIGINT,
    "variants" JSONB NOT NULL,
    "attempts" SMALLINT NOT NULL,
    "locked_until" TIMESTAMPTZ,
    "next_attempt_at" TIMESTAMPTZ,
    "last_error" VARCHAR(500),
    "attached_at" TIMESTAMPTZ,
    "completed_at" TIMESTAMPTZ,
    "processed_at" TIMESTAMPTZ,
    "purged_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "owner_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_file_upload_owner_i_123aaf" ON "file_uploads" ("owner_id", "status");
CREATE INDEX IF NOT EXISTS "idx_file_upload_status_ed0137" ON "file_uploads" ("status", "created_at");
COMMENT ON COLUMN "file_uploads"."kind" IS 'IMAGE: image\nVIDEO: video\nFILE: file';
COMMENT ON COLUMN "file_uploads"."status" IS 'PENDING: PENDING\nUPLOADED: UPLOADED\nPROCESSING: PROCESSING\nREADY: READY\nREJECTED: REJECTED\nABORTED: ABORTED\nDELETED: DELETED';
COMMENT ON COLUMN "file_uploads"."reject_reason" IS 'TYPE_MISMATCH: TYPE_MISMATCH\nINFECTED: INFECTED\nSCAN_FAILED: SCAN_FAILED\nCORRUPT: CORRUPT\nTOO_LARGE: TOO_LARGE\nSIZE_MISMATCH: SIZE_MISMATCH\nPROCESSING_FAILED: PROCESSING_FAILED';
COMMENT ON COLUMN "file_uploads"."scan_result" IS 'CLEAN: CLEAN\nINFECTED: INFECTED\nNOT_SCANNED: NOT_SCANNED';
        CREATE TABLE IF NOT EXISTS "file_attachments" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "planet_id" BIGINT NOT NULL,
    "hidden_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "file_id" BIGINT NOT NULL REFERENCES "file_uploads" ("id") ON DELETE CASCADE,
    "message_id" BIGINT NOT NULL UNIQUE REFERENCES "messages" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_file_attach_file_id_5f783a" ON "file_attachments" ("file_id", "hidden_at");
COMMENT ON TABLE "file_attachments" IS 'A message carrying a file. Readers of a planet with a visible attachment may download';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "file_attachments";
        DROP TABLE IF EXISTS "file_uploads";"""


MODELS_STATE = (
    "eJztXXtz2siW/ypd/HOTLY8rwY9kma2twlhOSDBwAWcmdzQlC9EGxaLFSMIO9+589+1uvZ"
    "9IsoBG7qoEC0mnJX6nH+fd/2ks9RnUzNOhoT+oGmy0wH8aSF6Sg+ilE9CQVyv/AjlhyVNK"
    "1FjZN9GT8tS0DFmx8PkHWTMhPjWDpmKoK0vVET6L1ppGTuoKvlFFc//UGql/raFk6XNoLa"
    "CBL/zxJz6tohn8iRt3vq4epQcVarPQ26oz8mx6XrI2K3ruSp13kXVD7yUPnEqKrq2XyL9/"
    "tbEWOvIIVGSRs3OIoCFbkDzBMtbkF5AXdH6s+6Psl/Vvsd8yQDODD/JaswK/eCr55xqS1B"
    "9MpLEwkaRGAYwUHRF88auaFIA5eYVf/rvZPDv70Hx3dvnx4vzDh4uP7z7ie+n7xi99+Nt+"
    "GR8tuymKWfdTtz8hL6RjJtrcJSf+pjSyJdtUlBk++khVHulxjAedhWwkcyBIE+ED/oFRPr"
    "ioBxjhwOzxwb3FZ4Tf//bBiaX8U9IgmlsL/PX8XQbI39qjzuf26M35u7dhpPvOlSa9RDAP"
    "YFwU39pi+/5dHnDxXano0mtheDEgM2gkAyyg9ZKC3MVvJSMFxsD2qRmGu3Ej3LZ7Am4MLm"
    "UNisj+Zh/3B33pqttvj77jpvEPmKpINjYiGkw+C6MW0MmELKLhSLgRRvQhk4E0buObVwZ8"
    "gIaEdAtP3JIpbxolWNo8z8HR5nkqQ8mlMD+nqmEtJDxjJQyaa3w2edCEqSK8JKctdQlP3e"
    "tMcDX3IMpA+Lo9ESL46YqyXsn0GQUmnTAVw2OBpalnqupFMHZurx+4F7nAvcgA9yIOrvyE"
    "hRZDWhtaEYzDVPWDuvnu/GOeGRfflj7n0othtFcYJyjh5XKatpYm4x2lqyPiufDOQDuGta"
    "10YRSXKw0mz9RjvLhrqUpQcgvblaIE7GNaUR7w3+1WKTprfrj01CDyJUvxGWNhqOdqOkGQ"
    "iXQDscxnxtH9Mh7005ANkUUFCVWxwP8BTTV3Bm3jfx7WSCHAgela1SwVmafksf/b2L90QW"
    "AiLS9N8y8t2Kvf3LZ/j3b4Tm9wRSHTTWtu0FZoA1cRxigGJJBJspUs3xFBLZk3YcosGY8c"
    "7IpBu5x48A+cDZC2cebEDNZMurfCeNK+HYb4Q8RBcqVJz24iZ99cRnjmNQJ+604+A/IV/G"
    "vQF6Js9O6b/KtB3kleY4UB6c+SPAuYTdyzLmohrq9Xs5JcD1NyrrPCdRejANudtw9w3cQK"
    "ZlELX4ComhXtldj5iIn14TFg5iMnprLy+CwbMyl2RW/qiSZBAn+cYQMEJzr+iFlTIixyjM"
    "93TiNHxaq/3Z7onvWfb8jPnu062EHxL8e/F1q2lNwed9rXWB8PAR/GmVxaNpfRMzKS5/T3"
    "kjcj7xHEMcG47+KbbtknL8nN+jUe7icZZn24lNVCarNHsCP9ba8sCKlvZ7n0t7MMBe4srs"
    "EZupZi0t9ucXZpSyFdTqW4GwujgupDo3192+23AP0jos+D8aQFyKeISGst4LVZ1BB3mccO"
    "F5VZAma4yygzVFOaygjBpBlHx2DLKGXKCdJFuDHFhLtih3dmv8rc1WDQC4mNV93IvNK/u7"
    "0SMPgUe3yTaoWmm4Ddk8ImrZGVNMtki/NR2goEesbMR8crv8fVNswtCasnZpKJagJ/pizm"
    "Yao6mASzeCr8Psk2kngs7Q36n9zbo5aT8AgjPf/fOirkNw7S7HNxmXR2ZZoKrxyXeVyNl+"
    "muxsuYq1HTFTltIU/G2KfYI8IQ7Qfg6pdmTTYtSdPnKiph+IkR86WC5aWC6sH49+OZH2Nr"
    "ljP2pTbCeX8UvJ+t4Uu47pPvhd8HMC7Vh93lxzcf1EfBZe6oS5ebjtNlwx11r5HraY66Av"
    "4iv3uY0DQxbAkxFVcO5c3XEdTSIgkd90V7bS3GdktH2A/S/ERhq+QMIku11KTwkyJQjXVF"
    "lbWu3dqmrmhNDV2eKVjheyFaV247Rys6ZOOEdEt9UBWKwguh6geaqmu3Wq3NhWTpj/ClYA"
    "1xQxPSTl2RckU2fMeT40ouj9aENlJXqH7oqmefMPE7KHiqT/I9FQbsC254ZLdb0+nL7l1S"
    "CMH9I3eUvc6BbiojU1JNc11Nl8sZp3PEfW0JSWi6uVBXlfS0soFNx4CYuwasNBnBlw7MIW"
    "2kpn3LRkhari1YzWi00arxaHQRq2o0FgLsKEfjEuvH8hyaToDhCzvYrd1aTXuXh9VKTQkE"
    "4lBFoOIYbcVIgjP1pcugA5SAW6opWFhoUCowRzhAjZzW6jqrExMyVn0UiNuvDLHZyG6w1q"
    "CZFv5VlUgNBLGxla8UwJHitdINy5QWMpppFS2HI9pmbecwGzCSVLtnuI6yg8GfFK+XIXUt"
    "W7Lws84w0Rzt9UrT5dkLsbrBLd3RhuqEVTwNLSNzKpY/n46om6yWY0Hwm6rJtFYwwSzoiU"
    "3IM4s4atPTzWR8oxR0Dm9NOyMphcBU51hf+0VFYAafVAXiH7GAmGCpahugPwAsfwMDPhjQ"
    "XADbj3MKRvBJf8TY4IuU3qQ0Nj3Q13Q2CQK4sweJCK+vYCk/QpPSy4qCAXDIgWnpK/CsG6"
    "SF04bXdbKy6f4IphYa5Ol2OMWfhdLs7u661wWS7NZrdXZKaMrMLNtz7QL1DOiTyMf5IYoZ"
    "2HledoxFMHqC/vTsdDqb5YmJzOmh4iGiOuRARILFm3nq0OC70sPFm7EqNC5m6CGhsFJ60Y"
    "4IGS/aQeOLqizaoa5IMBG+IUGOSR8CYar6jYHqM1Lo/I9XapQQfZeOc5iqfjhfvG/mqS/2"
    "vpleX4xc43Vo6h3omCe8lSYV4fFShu9RWs75Y+J8QJ4uyPcwJU9aYCeOOZ3LaUnL6YtonL"
    "J+C+lZnnX0LH0ZPYutomxUeDo0yIer8bStbtONbkB1jr7CzY4rN7Exh1VcuykFasdQVElk"
    "8chuq9bBxQcJw2ZsIq7GCF7QuhvqXAnm3WjnS7fvxrv8dgNvO2xRBW+IkfTLbxNwf//DUu"
    "/v354CQVYWQDXBXNdn4EE3gI4gMHSL9oNfSYl6kyS+oDmQ7dO2ey5k3t3NY0RE7pHnmFVg"
    "CWVETLxAgzIWEU4AsfsSW/DzQtcgcMze5AGOEJHT3svNugc168KfKxXfXUIjCFPWUA+slU"
    "pgD+gyil+Ikit+LHOZm/NS2Vxjo46z9CZqoOkLZpiqyoWT3QG9ZZ3MUCxN3///Qt2ynmnf"
    "JxEVM9y7imqZu1QHIrnkCQpBPNs8XSUw6b1SONE9j1bwZmXoT5jMOAHmevoDKtZbsJJVAz"
    "wY+hJL4E/QUPEvmoHutS3Sn4K2ouhrRGIsDAiWsqUs8GUse1oL1TxJ0AiqfoSIEMQ05Dst"
    "lYub1bEWYH/BUj/xCgDZwqfoflvAfTxQZIRPAQvrDUAnLWAi2X5SmpLwR8OlJjc4r2/HgP"
    "DKyywY4bJ0iiDr4pbn7dWBg/T7KzFYnC2NT4PBJ7IJnf1XRO3hkHylf6IDMlc8SeXFB92R"
    "k8iJFMHAJ2EZ/JLW/+bFRQ6M8V3pexmRa2GUmSs1flD3yg5qjXPFJh39+io2jMUpMDbsjo"
    "TRuQwX3IPKPagssGAPHtRd6rZ+5a8EtTZUFixdow1XIcuhymJdbrZU0T9MECzMhTVKQLTF"
    "DSBYnQDdcL7a1Q9IugHxLdkFSk4Afg0VX8YKpIriqmzljxDRlCq3JphuqBPr6q73FfzQp6"
    "EHnE7X2uMpuL93FxPC8/t74uMiNFhNIXOgCZS1YepGi/jN1rhpa4GVYJL5sMLPwjesl/g5"
    "8oOFX0lNVXi5ZsvK5HiSodk69XSKMiFEVmqtYkz22Cc3ghtCWMV2KvAI6qjI5tpvupmx33"
    "QzYTNvfbYpArB7fz3xzQlwJsIxiNUlyfaVk5IbsndqCtLxnZoK7NREiiasU3J2thsjfeo9"
    "7nbyzzvhTrhuFIPdoWoB+6+IxkL/utv/1ALOgYiusf7WAteOFnd486SlW3KC4Sx9IXXvr8"
    "0238335x/OP55dnnsrp3cma8FM2utbJ5m3SaUbsrZQ92k4pFFIbV2gEKJBEg5oFNCgHlVM"
    "go5S1gbbPYvQ3JCezpD6GtKxDGOU43qYkhvRWTaiP6hINRel2Bwh5Xxmmc/uTDzdFF5GY6"
    "TcGFWR38RHdn/eE8b4kNd5EuuEIRcKfgvQv+v1DuVDCW0JkuBGiW4Zku5Jie1Tkq8cVMjF"
    "Qf9BoCzIjtEaeGOuoAIuT9+/PQWTBQQGVHRjZrqujhCpuSBBfHLMm7KDZ4jo/n5u6OsV9Y"
    "/8CqCTauS5XE5wK/gFSHwgIj4RYsqyIwtJnpL+jMoUh/ItMwHZFBOEbnJ+FTmkFTTdW3xi"
    "BH9a+LQFlyvLu+z+GvubWwuXfOeeGSY9Mx7DYjxID4EP0vAA+KhpjiARAzOfzdSlZdkt0M"
    "CC2Lj9SWgBZ3SL6FboT7qDPjmDyF0iGgnD3vcWmbC0jYi+DLp9aST88w6LcC0Q3MCF0BJr"
    "tERuISZY2wVNN3khaZSTUfub0JPuhkSAbDkuacneLFBEV238zKlsP28wmrScGVJE7X5/cN"
    "fvCOTNWoCEUa8x3uT1yL233f61MCJ3Lwk2hoiuu5/ou83UOX2rdqeD6QmpHW4tovH38US4"
    "bQFzY+IZr4wVuJmn4FMzveBTM1bwKTBHl+ltAXKmOxzuPO3hsAXIXt6rlYiGd+PPLUDywk"
    "Uk3La7vZYdSo+ZdDvGHFqaIvpNuBoPOl8FzMJnODV15RHGajseyHTPnbHcGXvszlgiTsQh"
    "ziiy6NzPqyuGjCVVVFcMyNiFxOgwHbdnlPUM8LgEHpewdRIa2oEEBeccl6wFhm4gwpgKtO"
    "QTC61Cr/tNGBGx2TsU0Q0WiMgp+y8bMo9jJUjg2Xgpa1rqHBWkq43n8qz54dKbkciXrDlo"
    "fNvu9eJDgPCrLKhR2v0Be8E+sFGjVgzbbH9QAjn3CbHsE9KIZjiTsIqflIi4JVUqQss5zT"
    "SnSSQMNAw9IU1ngodtRvyMR1WHrNMsngq/T7L1E4+lvUH/k3t7VGmJluV3fBmSVbAuf5iO"
    "DdWRPK82qiOpW1cmtsUn41Mey1OeP4SKMzlKyznNMqddF21BJgfIOH9Z5i8PP01lc43DT2"
    "0/Zxmuhyk511nhesJgjxW85jUdWIlN5DUdjrimg1/uPSEYMVQLPj0SMVJ7fmscYjq2BUP0"
    "/P3/eNwcm3Fzltt7codxuATVuJ0Oy4Ld77C20mTrQTeWZd18QXqGzXaN7mDcAviDxKxdjw"
    "bd6xZwDmgQUwvgDzaceHwj0wSUd7iRKV2PSmDt0XG4c8Gtm9ITNJKrVKeDHaaqH9TVb0+K"
    "xawyQEfIONLbkebWonToj9NuwK1Fr5HreaxFB97EgrGZtZoUHm6B4xY4FlhQmQUuYcKoAN"
    "ViO7KwOVO8ZEOWQ2dcT2g2XCPBvOlcOcmybdq5dPuwaz6ppjpVNWdPGBs/V9gIZiBzSyeT"
    "lk76N4Z/usLm3l/DdKr3ubKp3mckU71PyKUKvFkM5vTIxAhZHfTifYcm0iJNEtFrimpMYc"
    "oaakzHqyHFFWOIZqWYHKTjLGaaxWERo4y/KNwCy2tXY3h31et2SAb8VFMVEXX737oTQRr0"
    "SckFFT2pFpR0Yuwos8JVv5PW8WXrqQgLw+qT+zYFChW0O5PuN4FwwW6BVJKwzwRaPDhLnD"
    "6iYKWgiGAXIatE4mDIjZ3HtZTuWIq5ldQlya5eG4VceCGiOoh00XIE53lQJrdllCM4j2FN"
    "VuB/66hgWQ2fZo9zy92kU3BaYcatRJq36/MkTOeZ6aYBqhoVGqisvLMJLQs/LwHV9PSoIA"
    "0bqVG1qqoRtlIVTJyBlTrTGOv8dVIbuKM8fY47Tpcpd5S/Rq7ncZQfvPozc7xmwcF7iPLP"
    "rDEirysyu/7zCA+QUbczyfJG+rgHi3AmyJ1XDvnN1xHU5BQfQ8jZ+AU3OLLbqxELIpXWUn"
    "Sf4mjVrKdGI/cRfGmnGtJG6gqRW3vPLlf7Qqhu7cZGtK06Ibb72IngpJUaRhGZ2bZFVEix"
    "qTXHXsDAuZ9szUvogezUOgbPC92EAH9YAD/Z0J+gCRB8VvQlnorAG9cMcEoaUA3YpvfI2t"
    "vTqKl5Jw8REamKb+jPYAUN8t/UET10Nw82INlLHj8AIrL37wbI5iOQ55jNaZXr/3BwpJfJ"
    "NPlnLKAktC2s7yHg2XLMxpAcnxOojF8uVq2xPRyOBt9INUb3iFRt7PTsWufukYg67X5H6N"
    "Gyjd4hG64iOpkt8eDUU9K+tnMv0gTTLOyMhPZkMMJssA9IsXHb2Wr/9ZytncG10AKBL2yw"
    "yxEsivhBAiT1czhd5ArYusgI2LpICthS1FlJ23CQktuG2TEXcdtw/a2E3Db8Grmexzbszs"
    "slbMMx0ho5uPdcST+k1uXnQIiMW+ZLw8+z3lhxivgGkBc6RPw8oCNjQ16XSGjsb8994+mE"
    "lacT+uvf/oBlbLXMi2tMVGAwm5ByINUU7vJnqw2cdKEdpBYWtQ3HNz39M7LNqXua242ZtB"
    "sbulZ6M02Xdp/b/LRHk26nO2zbv7SI5fHzgOw/ST5FdDu4Fka2HdI7FFGg8RaIPunglsfj"
    "s/A37NSMooxyEzrsvyLqCTeYH+STbkhKLfv2XzYYwy34R2XBt3e+LWF/ChFy8xMr5qc8Rk"
    "cNPpTZhyNAxl0J7FgX4/ydkn2Wy4zpECHn8RHwuNRGYlFazmnGOS3htcgsVsYyTMU97bk8"
    "7dwbVzdxKI83zpkOSzjjopTcF8d9cUcJP/fFcV8cK2zgvrhj8cV5yx93xW2BNSooMOWJc3"
    "KfkrYt8rKiMvYs8tOvdud8m6kGVCzpEW62ueBot6IP9soiUB+cspAtCX+gOTR59c9DSx68"
    "+mceY//eq39m7fVSu+qfMbBzop0Jdwxvdz4q4wdzaVnu241Po8HdsAXmhr5eiei6OxI6kx"
    "awJ2yyyVR/cNfvCLcC8SLjVVBf41+6hPb0eHj31xG6kcvVCgzXBSReyWjtQDYYopreb4qv"
    "wrquQRmlLMMhwgg/pphyVwzxzuzXjn01GPRCBrarbrQE8d3tlYDhp+jjm1QrRfunxjHizy"
    "0IeYiOI14AcWIElgxI3kVJXorTK7El0fKKbCHGVFKRzVc5ishJIar6iUk72DyMKGb6Kmlz"
    "08zJJ0S3x8nHVcmOdu6JasIx2LdkG8bJuf+YHe9WQrSPbFqSWwGmRNRPnJzz+2j4bcK/il"
    "mzkqj35915t6tF7CBeNV7U9TWMN564nz7sjjNohCfuv0au5wkVOnhRV8bmcR4s9Erg5xEr"
    "+49YOUStYsbml7zIZpcqzhNgUXHZXTtyombBQkml36opJltXkIgkJBlQgbj9qsruyrOR3W"
    "CtQSOu1Zd2LnsQEsTGpLU64bX7eLC0ygzhmW1bXNjuKjOsvNi0lMoMwfBk+114wV5mw76O"
    "rPDCrUCcLQVdnY3kOgt2W/iU3+bBozCWa6tscmGElNsu2TFnxK1YhFklkgsjZPVzc+8kux"
    "DplvqgKlRoMSU6ThKWnCyfd0oLPPSmgPubF7yol9mWG+tfI9fzGOttSaSEqT5CyA31ZQ31"
    "vt5VCP8QGTfU86ze44A+w0fiGyteaMav3T5lJxFLfmjs86zeA2T1uqsfdzptQTUiJjCV0+"
    "v6VRIMuAGXS7r1Nujd2Z3llsQX0uxcE2JW066iaCpEfgSia7INWXZDc0QgiIo2ZS1sp4uu"
    "u3d4TwnLFapb6yx+LSD1c4MxmwbjwoGte49lrQkLXlEq60T4fYLHEvxpiah72/5EkiOXeB"
    "YS0bfutTBogSd1BnUR3XR7+NKDquEr4+/jiXDbAubGtOCSDes9fpzlZNiGeTXBPy0lOs0n"
    "qYM1N8uKgZkcMmDEksU8I0Zv0P/k3h7NIAsjrhvqXEWyJpWAPomW86A4D0woG8qCYCGRIV"
    "yEBQmknAPFORCX3RJXi5QZKIm4DlzYdQKlbFmysiAlFSSyJBU2+CTTc6NnWTGJIEn8c3Eu"
    "pOd0B2nYyOUmz6tNLvcSWjLRJIqxxKdhgyW1Sq+HM7WcRy5EyKNL2PG/xd2uhFWYc+skeX"
    "i8lDUtdU0KU9Ym//Ss+eHSW3vIl6zVZnzb7vUSfGpqyeL+IUI+cFgeODxx+PVwuUT4XYyw"
    "fmrSTgLweKZ2OvrHGQbEg79eI9fzBH+5C2GpLdYjpNwWUjoATC27tUaUkvOAB+EdJfwGXG"
    "kbCU9URRkQIeQDoCwH7OCSwviHyDj6paMGYvE4+VkQp+V84BGpbEek+qFsPHgyA9XQ7JoS"
    "Opm0jFYAbP6aE0eKbURyyIFuYKLlAOco5BNbl3Jg7Gk0fG7YNuOquXZLSlb3Obpb0I2ZN1"
    "5QK4nMNOr+agAdCeJJU+u+yyUdI1TE61sNQAJuqUYiabQ8kpISYFSunpS3i0RN0eIVuIqD"
    "ttKNyuAibdUJqUJ5Wz6oNLjSD7ZMB3eA4ETHH9shvsFNtkMt1mRVKJftRmf99Iw3d1HYmv"
    "UmeQvR1tS3BuYTWBnwSdXXJniChklC9vQHICNgR6oBp9HTRgSSgqQJqXSRxDieqcZkpprL"
    "4jK5IUm0LKdQMZuawEy4KWuMONIQgDyBHw7rSjifo5Tc61A+GSI9FyizBE9WGhB3P2czIM"
    "Pts/QNCHsz8rLGiNz1HUJ9cLvnx5s1uAlyC7LR+ZXF0hmeYSRdoQjaTrYrFSG7TdU1NQLj"
    "2i2JA5f6DzVWPYMrCUwqCTazYgxIjwH3CGqhDux8k1Ee+f0KFQAufPIChK8Jei73H0Tu5z"
    "UI86C6tQbhoaV9z6mXKfAHXX+5ZP6w93HXcv+WYnkuE3hVOzbVANpfigupAbIaSqhHIpEm"
    "ZKXFRdIZfFIVaLMnxuSsjN8QWf3yfasvgkfHBHWbJdUCS6/7EqXjtV+ynXGlyvFwvYynBL"
    "5e+LlazNVidhjB1WKm1eL4vF0BqDxp71D2huietAnGhoRta7dusxrZM3d73GIb2Ptc/8ME"
    "hBZgmU0l106B8AQN3GkwF4C1MPT1fAHu72n7zlfJhH/d3wPVoXwj4l9rPAJZo7vOhUIcd/"
    "IUEZEzYuPtCTB1sKbfAC0WR1rTkbYBmq4/mkC2AILP0HDjKM1f8TM02XTg+i+7eWsB6W2m"
    "JSLnRvuR0w2Q0QYTy1gAb5ykWGDcac4Zm9zfysy6f7LN0BLoacV4kURdmyKFexaG/fFYVi"
    "1Ma4FH7b2cJ8VtkVFaXoOQZXsktwRwS8DrgT7DEsC1Va6tcm011TtOczizHONukmcen7iX"
    "XLpDb7j9lESPOH7kE9TczeGwzrymL8Pd4ixra6klkrfvPfbCOsl7mlQa42H7tgXIp4g+t0"
    "ft8fhW6E9awD8m5ycCOTMRRNTtt4fD0WA46tKToa8iwtMGaa1DWhtMPgujFqB/oiaawzhn"
    "Z9CSVS0hwTw9FTJAUgf3974TIP15rswQ8qn3N4Qag6HQL+jypjS4p+NPEV13x7fd8Vi4bg"
    "HvUETtzqSLlSl80j1iY0gsZDTTSoWohym5vs2yvo2bwnwjCOBbrEIxQAmkdZgIed1/nv2x"
    "k+wPd1oskf8dI+Wm5LIWLh7rdfj641QRLlN/PEjIWVCaBSGDQ34GhMg4/DzmqzpG7Crmy+"
    "6yFUA78RqqKbKhwb0dWM+c+XJoa+6iiCxb26H1hb39gcuYaJgX25hczFThji/6tKPJ6rKR"
    "4Kfwrp1kuSh+6BgEclvuILpHuAGUAs6AjnvGCYBP0ABvSDCahq9AGeEr69XbFhAb1oJGsy"
    "0Jlw3wLJvAhMgS8bOca8S99g8zao/a0WNENFPn0LTAg24AayFbYCZvwDO+FehrfPspwN0d"
    "GpYdogfpOzjhcvRVaPSd9awDU1nA2VqDhgl0Q0TPuvFIjjF0hNRuHQITMwSsVKhAUuOQ3A"
    "QUGSHdAlPdWoCZDlQrZ6HDP4J6ebrPBr9wEfuKc3s1Bs7DOm1CJpVmLpNKM8Ok0nRNKuke"
    "GjxyimDt3M6yP6ZsIlsutN9noP2eG7BerwErprccbCkdrRNLXzlXti6jxnoXha5iCwF9ux"
    "PqoDLcBeEE/NHQdOVRcmZ0vJopOr6Ne/fZ9O67PMy7eLj389Uj3+qBf+e6EMAeQR0Rrtxx"
    "G5xq8iIcpKkhyBWKnAHbkmw+JtpQ02EOkNTPVVp9lTzZsuBylSBjjpeypqWuhgGy/Vmp3+"
    "92STxrfrj0FkHyJWvZG9+2e70ks786nyeZ7DI6rE9Sw2mh+rlXNuZrsvVFQmBTeoWPEBEv"
    "7xHShqoo7xGQxWNcydZWw5Q11FaPRDvNFcr0oCLVXJTic4SUh6yxzGdXfU5cxraHjgbIWV"
    "7SGqO7fr/b/9QCzoGIxnedjiBck1BR7xCf/dodDuk5+0BEI2Ey+m6TOkciuml3e+Qm+6+I"
    "2lft/rUTduoeRu38h1lCaeJ8ofXTp+CLZ+WLJzQMPUFkTI+L9wjqoOHsIyqeERMrXiFl4W"
    "daXlXg6kmWqZUa1eDPHWVUxcytgfw/A+K7zaDN1U8SwC+k4j6e7Z7jRtdDGl2PMB9kKPSv"
    "8eJacKZ3yVrAORDR1V23Z59yj8gi3r7+TlZw/EdE14Pf+r1Bm679/rGIhN+H3RE56RxEF3"
    "o2lvTQ0CwomkdpuRLGtHBOvJ+bkhWDN1z9OgIOB9bSgjwOU3Ius8zlmf6MNF2elZqzY8Sc"
    "1yzz2lT/DaXpxinVl18ADtPxlKSy6Rimha/OYVGfbYSsDur2Hry2mooe8UhwlIjc/vEQVf"
    "2grt53y+1G+6ymwOt2sZLNxet2VVK36zA20DFeUuHsRqXYxmyggasnWTZQk96Hn6nlLX48"
    "WUBABSmSiiAjYBtQT7xcBWI1m8om/IX8TDgD9Angzf09PThdbe7v355GbT3VtbrdEstzHh"
    "jIeSAXklYAJBubFEXNoYjg7cn0xzn7JM7ljrvLW3UxsFfdfnv0PXnZvUpwj119nwhtngnB"
    "MyEO6aYjy0/bsmRlQULGkpapyB2ZSxVZo3APdG8uUKvfrkuvyIaxIVl1MiBNnQKySwBNvM"
    "MrDrDLSIJn1Vrgb0+qqeLHAv9xYClvgGssii1fO3mKiMjKR1r5FVCxw80mdJ+1UPGPBapF"
    "1kF8PIMI44MXQmCnNuILNJnRXuNz5wdSnG15x2uUuyIZdUXyGtQHNYf5A6Tgihoi5CZnlk"
    "3OXGx6LWJTOEJXK154K0DEJ9XSkypLZc9eiYiRYSR8cGxILzQSEkn/buUKz0c2DvKaCgPj"
    "/+WmwhxVtwYITnT8kZMHL6i5ddBxkBf+PBW3qtVunR6dotn6/X2LVrumN+4jCBWrlp412w"
    "lEjMSf5ioPw5W+Qyp9j/jHJ1uqt0efurRM55N0b9ufhBZQl3jkiehb91oYtMCTOoO6iG66"
    "PXzJXZWKGrc/5jBtf0w1bH+Meo7p6C1agyFExDIfyjoQLi7yOBAuLtIdCORadNcDRZOJq2"
    "qpFkM7RlhDxN83syYZLw66+SE9EJpci+0zARWrFOIRwjpESewBcBKjVmxZdSm4slla2VQW"
    "UHk010vJXMjNi8si/TyBtH49vfpoKzcWcGXAB/VnEcDjlNz5nieOcIlfWF3JRrKfIB3vKF"
    "39evf7d808/ZvcllE1qhnr4xQ0musbxzvdKRMiqtOc3nx//uH849nluTeVe2eyZvD4bH0w"
    "dxdrvfhAwd+vN+/xbujmNLpHIhqOBh1hPLZv9I6j+ZAj4YvQmRBK94iUNBiMJnZBA3ogom"
    "uhJ9AzzkEZ5XYX2ZA/sCgvvXQPwUgjDK8jjcn3oSDddse37UnncwuEvpJ9A28cXrpHdLfA"
    "vuSmsga+iKgzGI3uhpMWcA5ENBkMpF57RIwb3iFuofuv4DNDX4O9zHtK7FSZ3nLWzNFbzp"
    "qpvYVcSuwt9m6DRQSNGCHDPaSkpLGTzblMRUZ4XJnkvcvOyuEmGAa+0ekJ7T4eTORP8lCk"
    "1HgE0loxgS9sTKYUalOdI7wOGoUsKnFKhvnEkuZDgEPlyqmFKHmEDssROs/qDHeh/IqWd3"
    "+NVIHKVKwFVOeLImqrT8DhjMM5W+PfTvYdXRbMWI4Q1gjbPWutT7KhygXLtAVpeKG20DpQ"
    "RaE2p+pxAktyVUsuPyBKsePdbodDFeWSSU10LKzQuP+ikk6Ulss6LMs6CP60JGcclBBrE8"
    "g5v1nmtyablpRSoCCjBkSIqn7K4k6sKXYaViltMULKhxTLQ0rRlysSF1oqpSNCyznNMqdX"
    "hq5A0yzF6Sgt5zTTnF4b83JsDhJyHrPMY56Ily4d1TcRb72aleR6mJJznRWuJwx25+0DG2"
    "cE8lTy20yDVHWKnzpsBiBFNc4IXicsnH0W7HxFs/+iSmjKvlxXDvHN1xHUqHcgHe14aZWa"
    "4P73LkvWtKGhKotGQkKfc+UkK5lP9u/ZZRpfobS815KT90KPXXq23RM0TDUt+i3FfeST1D"
    "DbaCf5XWRQFUDYub2G6O5kG2P8RAsmBaNn7VTlkezfA3oYjbgyX+dB66/9/f/bJZAT"
)
