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
    "eJztXXtz4riW/yoq/tnurdxUhzy6l9naKkKcbmYIsED63rnjKccxSvDEyIxtks69O999Jf"
    "n9kLEdA8JRVYoY20c2v6PHeevfraU5h4Z9PLbMB92ArQ74dwupS3KQvHQEWupqFV4gJxz1"
    "nhK1Vu5N9KR6bzuWqjn4/INq2BCfmkNbs/SVo5sIn0VrwyAnTQ3fqKPH8NQa6X+uoeKYj9"
    "BZQAtf+O13fFpHc/gDN+59XT0pDzo05rG31efk2fS84ryu6LlL/bGPnGt6L3ngvaKZxnqJ"
    "wvtXr87CRAGBjhxy9hEiaKkOJE9wrDX5BeQFvR/r/yj3ZcNb3LeM0Mzhg7o2nMgvvlfCcy"
    "1FGY5mylSaKUqrBEaaiQi++FVtCsAjeYW//Ve7fXr6uf3p9OLL+dnnz+dfPn3B99L3TV/6"
    "/Jf7MiFablMUs/7X/nBGXsjETHS5S078RWlUR3WpKDNC9JGuPdHjFA96C9XK5kCUJsEH/A"
    "OTfPBRjzDCgzngg39LyIiw/+2CE0v1h2JA9Ogs8NezTzkgf+9Oet+6kw9nnz7GkR56V9r0"
    "EsE8gnFZfBuL7cmnIuDiu5jo0mtxeDEgc2hlAyyh9ZKC3MdvpSINpsAOqTmGu3Ut3XQHEm"
    "4MLlUDysj95h4PR0Plsj/sTn7FTeMfcK8j1XqV0Wj2TZp0gEkmZBmNJ9K1NKEPmY2UaRff"
    "vLLgA7QUZDp44lZs9bVVgaXtswIcbZ8xGUouxfl5r1vOQsEzVsagucJnswdNnCrBS3La0Z"
    "fw2L/OBVcLD6IchK+6MymBn6lp65VKn1Fi0olTcTwWeJp67nWzDMbe7c0D97wQuOc54J6n"
    "wVWfsdBiKWvLKINxnKp5ULc/nX0pMuPi29hzLr0YR3uFcYIKXi7vWWtpNt5JuiYiXgjvHL"
    "RTWLtKF0ZxuTJg9kw9xYu7wVSCslvYrBRlYJ/SioqA/2m7StFp+/NFoAaRL3mKzxQLQwNf"
    "04mCTKQbiGU+O43uz9PRkIVsjCwpSOiaA/4PGLq9NWhb//2wRhoBDtyvdcPRkX1MHvs/rd"
    "1LFwQm0vLStv80or36w033H8kO3xuMLilkpu08WrQV2sBlgjGaBQlkiupky3dEUMvmTZwy"
    "T8YjB9ti0DYnHvwD5yNkvHpzYg5rZv0baTrr3oxj/CHiILnSpmdfE2c/XCR4FjQC/t6ffQ"
    "PkK/jnaCgl2RjcN/tni7yTusYKAzJfFHUeMZv4Z33UYlxfr+YVuR6nFFznhes+RhG2e28f"
    "4bqNFcyyFr4IUT0r2jux8xET68NTxMxHTtyr2tOLas2V1BWzbWaaBAn8aYaNEJyZ+CNlTU"
    "mwyDM+33qNHBSr/vJ7on82fL6lvgS262gHxb8c/17ouFJyd9rrXmF9PAZ8HGdyadleJs+o"
    "SH2kv5e8GXmPKI4Zxn0fX7Zln7ykMOs3eLgf5Zj14VLVS6nNAcGW9LedsiCmvp0W0t9Ocx"
    "S407QGZ5kGw6S/2eLs01ZCuppKcTuVJiXVh1b36qY/7AD6T0bfRtNZB5BPGZHWOiBos6wh"
    "7qKIHS4ps0TMcBdJZui2cq8iBLNmHBODrSLGlBOlS3DjHhNuix3Bmd0qc5ej0SAmNl72E/"
    "PK8PbmUsLgU+zxTboTm24idk8Km7JGTtYsky/OJ2lrEOg5Mx8drvyeVtswtxSsnthZJqoZ"
    "/MFYzONUTTAJ5vFU+scs30gSsHQwGn71b09aTuIjjPT8f5molN84SrPLxWXW25ZpKr5yXB"
    "RxNV6wXY0XKVejYWoqayHPxjik2CHCEO0G4PqXZkO1HcUwH3VUwfCTIhZLBc9LhbDrsofZ"
    "YVr4hF33PXKdZdctYV4Mu4cNbRvDluGCu/Qor3+ZQIMVeOJZu7prZzF1WzrAfsAyK8aV2D"
    "nEGpGjZ3kry0A1NTVdNfpua69NRQuZjv6gaxSLNwI2jDTVVLhWa3uhOOYTfCtYY9zQjLTT"
    "VKR8UQTf8exZ1KujNaONNBWqP0ydaPn4hW3Hxu+g4SksywRXGrCfccMTt92DlejzoXN7lx"
    "JDcPfIHWSv86C7V5Gt6La9rqfLFXRXHnBfW0ISoWcv9FUtPa2qf/cQEPPXgJWhIvjWgTmm"
    "jTS0b7kIKcu1A+sZjS5aDR6NPmJ1jcZSgB3kaFxivU99hLYXZ/HGDnbjttbQ3hVgtdIZ/l"
    "ABVQIqgdFGjBQ419+6DHpASbilhoKFhQatBnOEB9TEa62pszoxjWLVR4O4/doQm0/cBhsN"
    "mu3gX1WL1EAQmzrFMiIPFK+VaTm2slDR3KhpOZzQNhs7h7mAkdyiHcN1kB2M5mCtV4apzt"
    "84Iq9xS7e0oSZhlQ4zz4mMTuXHsRH1g9ELzHRhUw0ZryUDyKOus4w48oRnjR1OruIblag3"
    "b2NYOUkZALb+iBWRv+kIzOGzrkH8IxYQEyx14xWYDwALlsCCDxa0F8B1UByDCXw2nzA2+C"
    "KltymNSw/MNZ1NogBu7UEywgsHWKpP0Kb0qqZhADxyYDvmCryYFmnhuBV0nbxo+d+iqQMW"
    "ebrr//69VBj97W3/qkQQ/Xqtz48JTZWZZXMsfSRfkT6JfJztI1nRjeN2neJRdzf96fnh8i"
    "7LMxOV2KFgMaImxDgmgsHaRfLM8V3scLB2Ksvcxww9ZBROYCflJshEUm4sTKSOpFx9RaI/"
    "8A0Zcgx7CMSpmjcG6o84pfM/XqlRRrgUG+c4VfNwPj9pF6kfctJm1w8h10SeebMj04rEI9"
    "KgYTxeqvA9SSs4f0icj8jTJfkepxRR5vwEnrK5zEpKYi+iacrmLaSnRdbRU/YyeppaRfmo"
    "4LBvkPdXw2FTXYZr04L6I/oFvm65MgMfc1jNtRkYUHuGolpCZiduW42Omt1LfDFnE3E9Rv"
    "CS1t1Y58ow7yY7H9u+m+7ymw283bhFFXwgRtKf/z4Dd3d/OPrd3cdjIKnaAug2eDTNOXgw"
    "LWAiCCzTof3gJ1KC1iaZCugRqO5p1+8UM+9u5zEyIveoj5hVYAlVREy8wIAqFhGOALH7El"
    "vwy8I0IPDM3uQBnhBR0N4rzLp7NevCHysd311BI4hTNlAPbJRK4A7oKopfjFIofjxzWZjz"
    "mGxusFHHW3ozNVD2ghmnqnPh5HdAb1gncxRLO/T/v1G3bGae7lFCxYz3rrJa5jbVgUTyb4"
    "ZCkE4PZqsENr1XiWcmF9EKPqws8xmTWUfAXt//ATXnI1ipugUeLHOJJfBnaOn4F81B/8oV"
    "6Y9BV9PMNSIxFhYES9XRFvgylj2dhW4fZWgEdT9CRghiGvKdlsLDzZpYC3C/YKmfeAWA6u"
    "BTdD8N4D8eaCrCp4CD9QZgkhYwkeo+iaUk/NbyqckN3uu7MSCisiIPRrg8nSLKurTleXP1"
    "vyj97koIlWdL6+to9JVsMuP+l1F3PCZf6b/kgCwUT1J7cSF/5GRygiEYhCQ8g1/R+t8+Py"
    "+AMb6LvVcBuRZHmbtSont1r2yhlqhQbNjoN1ex4SxOgbNhdyCMLmS4EB5U4UHlgQU78KBu"
    "U7eN1WnK0GyTdZzYem2qeFSxVIYoGaB/EGgLUs3YAB/sFdTAxfHJx2MwW0CsMGqmNbdJ4o"
    "GZJLUXRAFVU0rtFp4ho7u7R8tcrzA/7+5+AtBzk2FIdKyrEk+XBfELEN0WzYGb/uVqxcTH"
    "Zr6gKokNJENxTYGNCCiYIHaT96vIIU1r9G8JiRH84eDTDlyunOCy/2vcb36CMvku9GUu9e"
    "WAYSkesM23URphvE1WhiZIpMAsZnzwaXnWfVtY4pp2v5Ltbd3RLaMbaTjrj4bkDCJ3yWgi"
    "jQe/dsiEZbzK6OdRf6hMpP+9lcgmBdGqWoSW1LRXyC3SFWmBFF6hlbdICMBs0v0uDZTbMZ"
    "EUyfCktZLcyqQyuuziZ96r7vNGk1nHmyFlNP11OpNuOsB+tfH8VMUcUv++uZEZtUrfiJBz"
    "3T0wq7vjcQeQqtCrlYzGt9NvHUAikGQk3XT7g45rtMVMupliDi1tGf1dupyOer9ImIMv8N"
    "42tSeYyiLcjw3L0Z1yBcgDAp6ZVNV+VWgb2XbONrLtjD16zflrGYD9+5uJb0GAcxFOQUwW"
    "/zTEOel83v0ijy9mw6gjjy8iEZcSeuN0lUwOnJmQdin+RpSNJREQ1Kz0vvy9iKJ0Yi+iEn"
    "sRhQpjFaknpN7hfh5jaXjVH34tOef4ZB3gHWAJBwvGHUA+ZXQlDfrfpQkRcoNDGV1jgYic"
    "cv/zIfN4On0Gz/I3vY7Sia2uo5M+5ldVUJO0uwP2nH9gkyaoFLb5fpoMcuGq4dlVYxDNsO"
    "K+dklawWmuOU1cqNCyzAyHEHtfuzhVE+Ib8ni6jX3tAs+D4pSsABOn40N1JM9rjOpIMqQq"
    "LHIRMjHl8TzlhUOoPJOTtILTPHPad6iWZHKETPCXZ/6KiEEmmxscMSh2Wmwa1zMGe6q0go"
    "geFNGDPLDgwKMHw8IiGaGDsaoj7LjBRJWTjVGDbGxLBtSFlWZFlBufUW6O33sKh3H4BPW4"
    "nfbLgu3X8lwZqvNgWsuqbr4oPcdmu1Z/NO0A/CGj7vBqMupfdYB3QIOYOgB/8OHEEyWzM1"
    "DeYslsuh5VwDqgE3AXgtu0lWdoZddDYIMdp2oe1PUXwsZiVhWgE2QC6c1IC2sRG/rDtBsI"
    "a9F75HoRa9GeyyVxNrPWk3AjLHDCAscDC2qzwGVMGDWgWq72F58zxVtKf+FXAMPbwWBfFs"
    "4ZzV1rZZg3vStHebZNN/NtF3bNZ93W73XDqz7mbertCRvRfGFh6eTS0kn/p/BnK2z+/Q1M"
    "pzoplE11kpNMdZKRSxV5sxTM7MjEBFkT9OJdhybiBc5yFKLXlNWY4pQN1JgOV0NKK8YQzS"
    "sxOUonWMw1i+MiRhV/UbwFnteu1vj2ctDvkQz4e0PXZNQffu/PJGU0JAUSdPSsO1AxibGj"
    "ygpXf83Gw8vW0xEWhvVn/21KFCro9mb97xLhgtuCjPwzkRb3zhKvj2hYKSgj2CXIapE4OH"
    "JjF3EtsR1LKbeSviTZ1WurlAsvRtQEkS5ZjuCsCMrktpxyBGcprMkK/C8TlSyrEdLscG65"
    "nfVKTivcuJVI8241nYzpPDfdNELVoEID7ZOzz2dfTi/OAnU8OJOnhWcktEOH7FSUgSo7PS"
    "pKw0dqVKOqasStVCUTZ2CtzjTOOn+T1AbhKGfPcYfpMhWO8vfI9SKOcn/E3r+Wdu2mSIWD"
    "ty4HbwhtmiXCzRt3Raa6YcwbOcEDZNLvzYrtdxstmfnGHVxdZ+PPuMGJ216DWJCotMbQfc"
    "qj1bCemozcR/CtnWpMG2kqRH7tPbe47BuhunEbm9C2moTY9mMnopMWM4wiMbNtiqhQUlNr"
    "sW2V6f3AMWk1Y6B6lYnJfsQ2BPjDAfjJlvkMbYDgi2Yu8VQEPvhmgGPSgG7BLr1HNT4eJ0"
    "3NW3mIjEZ02+UXsCJbpOG7TUQP3YaP/H3UXhaQbLsGX4FqP7lbMLP3SnOC6BUa/pXcJs2/"
    "IVV7XmTLcRtDcnhOoCp+uVS1xu54PBl9J9UY/SNStbE3cCuT+0cy6nWHPWlAyzYGh3y4iu"
    "hktsSD02SkfW3mXqIJrlnYm0jd2WiC2eAekGLjrrPV/R84W3ujK6kDIl/4YJcnWJTxg0RI"
    "mudwOi8UsHWeE7B1nhWwpenzirbhKKWwDfNjLhK24eZbCYVt+D1yvYht2J+XK9iGU6QNcn"
    "DvuJJ+TK0rzoEYmbDMV4ZfZL3x4hQJDSBvdIiEeUAHxoaiLpHY2N+c+ybSCWtPJwzXv90B"
    "y9lqWRTXlKjAYTYh5QDTFO7zZ6MNnHShLaQWlrUNp7co/T2xKal/WtiNubQbW6ZReetLn3"
    "aX2/x0J7N+rz/uur+0jOXx24jsZEk+ZXQzupImrh0yOJRRpPEOSD5p75bHw7Pwt9zUjLKM"
    "8hM63P8yGkjXmB/kk24fSi377n8+GCMs+AdlwXf3qa1gf4oRCvMTL+anIkZHAz5U2YcjQi"
    "ZcCfxYF9P8vSf7LFcZ0zFCweMD4HGljcSStILTnHNawWuRXa6MZZxKeNoLedqFN65p4lAR"
    "b5w3HVZwxiUphS9O+OIOEn7hixO+OF7YIHxxh+KLC5Y/4YrbAGtSUODKE+flPmVtWxRkRe"
    "XsWRSmX23P+TbXLag5yhN83eSCo92KPjgoiyCcbXw620Shzz0W+szb1qVxhT5TYBdEOxfu"
    "FN7+1FPF5eXT8ty3W18no9txBzxa5nolo6v+ROrNOsCdm8l+UsPR7bAn3UjEYYwXPHONf+"
    "kSutPj/j1dB+gxrlYWMF4CkDggk2UC+WCIbge/Kb0Km6YBVcRYhmOECX7cY8ptMSQ4s1uT"
    "9eVoNIjZ0i77yWrDtzeXEoafoo9v0h2Gok/tYMR1WxLyGJ1AvATixN6rWJC8i5a9FLOLrm"
    "XRiuJrMcbUUnwt1C7KyEkxquaJSfUXdDRU21H8WhQV4g/S5MJzyY9fJSPOJMowG/5ZTtnO"
    "ot6dnfnTtsbYXuz7orzkexhvIoWYPewO030tUojfI9eLBC3svbwkZ/O4CFt4J/AL3/nufe"
    "f7qJrK2fxSFNn8oqlFXL01FwB1fbgNC1vIKkJVT1nLpoJEJCHFghrE7ddVAFSdT9wGGw0a"
    "8fy8tXO5g5AgNiWtNQmv7UemsHLE4zPbpgiV7eWIr4IoGUaOeDRQ0n0XUTqU26iUA0sBv5"
    "GIH6qkJ6aVnfHttoVPhW3u3Um8XDtV05wSpMJ2yY85I23FIsyqkOaUIGueF24reU7IdPQH"
    "XaNCi63QcZKx5OTFAzBaEJEBJSIDROp9s8y2wlj/HrlexFjvSiIVTPUJQmGor2qoD/WuUv"
    "jHyIShXuQXHgb0OT6S0FjxRjN+43ZMOkpY8mNjX+QX7iG/0F/9hNNpA6oJMYGr7ELfr5Jh"
    "wI24XNjW26h3Z3uWWxJf+Dup1WlDzGraVTRDhyiMQPRNtjHLbmyOiARR0aachet0MU3/ju"
    "ApcblC96supa9FpH5hMObTYFw6sHXnsawNYcE7yrSbSf+Y4bEEfzgy6t90v5LcrSWehWT0"
    "vX8ljTrgWZ9DU0bX/QG+9KAb+Mr01+lMuukA+9V24JIP6z1+nOMlAMZ5NcM/jRGdFpI0wZ"
    "qbZ8XATI4ZMFK5LIERYzAafvVvTya4xBE3Lf1RR6qhVIA+i1bwoDwPbKha2oJgoZAhXIYF"
    "GaSCA+U5kJbdMlcLxgyURdwELmw7v0t1HFVbkIxvhSxJpQ0+2fTC6FlVTCJIEv9cmgvslN"
    "MoDR+ppuR5jUk1XUJHJZpEOZaENHywpFHZv3CuV/PIxQhFdAk//re025WwCnNunSUPT5eq"
    "YTDXpDhlY/JPT9ufL4K1h3zJW22mN93BIMOnplcsMx4jFAOH54EjEoffD5crhN+lCJunJm"
    "0lAE9karPRP8wwIBH89R65XiT4y18IK232nCAVtpDKAWB61SL/SUrBAxGEd5DwW3BlvCp4"
    "oirLgAShGABVOeAGl5TGP0Ym0K8cNZCKxynOgjSt4IOISOU7IjUMZRPBkzmoxmZXRuhk1j"
    "JaA7DFa04cKLYJyaEAupGJVgBcoJBPal0qgHGg0Yi5YdOMqxfatyVb3RfobkA3Zd54Q60k"
    "MtPou6sBdCCIZ02tuy6XdIhQEa9vPQBJuKUGiaTJ8kgaI8CoWj2poMh9Q9ESFbjKg7Yyrd"
    "rgIm01CalSeVshqDS4Mgy2ZIM7QnBm4o/NEF/jJruxFhuyKlTLdqOzPjvjzV8UNma9KcFC"
    "tDH1rYX5BFYWfNbNtQ2eoWWTkD3zAagIuJFqwGv0uJWApCRpRipdIjFOZKpxmanms7hKbk"
    "gWLc8pVNymJnATbsobIw40BKBI4IfHugrO5ySl8DpUT4Zg5wLlluDJSwMS7ud8BuS4fZah"
    "AWFnRl7eGFG4vkOsD272/ASzhjBBbkA2Ob/yWDojMIywFYqo7WSzUhGz29RdUyMyrv2SOH"
    "Bp/qGnqmcIJYFLJcFlVooB7BjwgKAR6sC2c2RF5Dcb+uYqAEL4FAUI3xP0Qu7fi9wvahAW"
    "QXVjDcJ9S/uBUy9X4I+6/grJ/HHv47bl/g3F8nwmiKp2fKoBtL+UF1IjZA2UUA9EIs3ISk"
    "uLpHP4rGvQZU+KyXkZvzGy5uX71l8Ej44J6jbLqgXGrvuSpBO1X/KdcZXK8Qi9TKQEvl/4"
    "hVos1GJ+GCHUYq7V4vS8XQOoImlvX/aG5J60GcaGjG1rN26zmtgzd3PcYhe4+1z/hw0ILc"
    "Aym06uHQPpGVq402AuAGdhmevHBbi7o+17XxUb/nl3B3SP8oOMf631BFSD7joXC3HcylNk"
    "RM7IrY9HwDbBmn4DtFgcac1ExiswTPPJBqoDEHyBlh9Haf+En2GotgfXf7rNOwtIb7MdGX"
    "k3uo+8fwUqesXEKhbAW0cMC4w/zXljU/hbuVn3jzYZWiI9rRwvsqgbU6Rwx8JwOB6rqoWs"
    "FkTU3tt5Ut4WmaQVNQh5tkcKS4CwBLwf6HMsAUJbFdqq0FaZ3nGaw5nnGPeTPIv4xIPk0i"
    "16w92nZHrE8SOfoeFvDod15jV9GeEW51lbY5ZI3rz32BvrJO9oUmlNx92bDiCfMvrWnXSn"
    "0xtpOOuA8Jicn0nkzEySUX/YHY8no/GkT0/GvsoITxuktR5pbTT7Jk06gP5Lmmj245ydQ0"
    "fVjYwEc3YqZISkCe7vXSdAhvNclSEUUu9uCLVGY2lY0uVNaXBPx58yuupPb/rTqXTVAcGh"
    "jLq9WR8rU/ikf8THkFioaG5UClGPUwp9m2d9GzeF+UYQwLc4pWKAMkibMBGKuv8i+2Mr2R"
    "/+tFgh/ztFKkzJVS1cItZr//XHqSJcpf54lFCwoDILYgaH4gyIkQn4RcxXfYzYVsyX22Vr"
    "gHYWNNRQZGODezOwgTnz7dA23EWRWLY2QxsKe7sDlzPRsCi2KbmYq8IdiWqIGd6KdL1Etr"
    "siUa6xRFidG0KmqZb1SgLSVECaOgYkoA9aNq3wB1yPD3jRnQX+9qzbOn4sCB8HluormJsv"
    "yDDVedJAtZ2nyIhEwpFWfgKUqW5sHgyetdDxjwW6Az7c3eHjOUQYn7u7j4BE3hnkAg3Wsx"
    "08aOYFaxb+1orsOR40KhwxnDpiRLjIXhWJcICk4N9gIo4SCgsxzxZiYaxkD7rmGisjq2Dx"
    "aTVCJCbVRlgo34mIkWOdIX26Bj2MSPq3K194PrBxUFQdi4z/tweNFTCQ+YXpt28e2+s4qN"
    "M4Vq926/VohmYb9vcNWu2a3riFCLyUcodVy8AS48WQ4Ht+i8STRIQWofTxqfQ94R+fHaiw"
    "OXDIp+U68q5/0/0qdYC+xCNPRt/7V9KoA571OTRldN0f4Ev+qlQ2nOFLgWCGL8xQhi/JQA"
    "Y6eumXTHbkSIk+Ec98qBgy0j4/L4AyvouJM72WDFDUDNXC89JSL4d2irCBiJ+08yaZIPqt"
    "/Zkd/kaupUJCoeZUQjxB2LyoqK0Abuv/ysA5d0dsj0Iom5WVTW0BtSd7vVTshdo+vyjTzz"
    "NIm9fT6y/9TNwRREpfWfBB/1EG8DRlPXP5fkXK+NpZKNyynRNu2U6HWy7xC+sr1cr2E7Dx"
    "TtI1r3effGoX6d/kNvZMTi8m6nkR0GgFjDTebKdMjKhJc3r75Ozz2ZfTi7NgKg/O5M3gHN"
    "VJ460X72WtPMCUlbE0vOoPv7bK8cEn6wDvQEa348Goe0WyVPwjGY0no540nbo3Bscymkjd"
    "q187gP4j336WejNC6R/JqHs5mtBT3oGMrqSBRM94B1WU223U7PwDi/LKW9P9Eo1wvI60Zr"
    "+OJeWmP73pznrfOiD2laT4XXu89I9oYt9Que72B+R05IuMeqPJ5HY86wDvQEaz0UgZdCfE"
    "uBEc4hb6/4w+M/Y12suCp6ROVektp+0CveW0zewt5FJmb3ETA8sIGilCjnsIT3k0tqYiPK"
    "5s8t5VZ+V4ExwD3+oNpO4QDybyL3soUmo8Amk2YeQLH5MphdrWHxFeB61SFpU0Jcd84knz"
    "IcChSrEbcUoRocNzhM6LPsddqLiiFdzfIFWgNhVrAfXHRRm1NSQQcKbhnK8tume8ssxQnP"
    "J01gRhg7Ddsdb6rFq66sWLx+Fn7zkQpRH7DcTWgTr2G1AdBy5XWSyZLlXDYI6JKF1jynue"
    "tj9fBAOAfMnr8lgpHAwy6kOa2hMWVmjcf1lJJ0krZB2eZR0EfziKNw4qiLUZ5ILfPPObVm"
    "+FlmVmZBqyFcY4VfOUxa1YU9w0rEraYoJUDCmeh5RmLlckLrRSSkeCVnCaZ06vLFODtl2J"
    "00lawWmuOb22HquxOUooeMwzj0UiHls6am4i3no1r8j1OKXgOi9czxjs3tuHXI/mqRS3mU"
    "apmhQ/td8MQIpqmhGizk08+yza+cpm/yWV0KDASaLve8TXv0ygQb0DbLTTpVUagvtf2yxZ"
    "04WWri1aGQl93pWjvGQ+Nbxnm2l8pdLy3ktO3hs9duxsu2do2Tor+o3hPgpJGphttJX8Lj"
    "KoSiDs3d5AdE8KmTZPckybJxkFl8n26VnB6GwXaIRk9x7Q/WjEtfk6U8LULuuv/fX/K+nA"
    "pA=="
)
