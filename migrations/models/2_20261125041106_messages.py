from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "messages" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "seq" BIGINT NOT NULL,
    "type" VARCHAR(16) NOT NULL,
    "content" TEXT,
    "original_content" TEXT,
    "searchable_text" TEXT,
    "client_message_id" VARCHAR(64),
    "attachment_file_id" BIGINT,
    "mentions" JSONB NOT NULL,
    "metadata" JSONB NOT NULL,
    "edited_at" TIMESTAMPTZ,
    "edit_count" SMALLINT NOT NULL,
    "deleted_at" TIMESTAMPTZ,
    "delete_reason" VARCHAR(500),
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deleted_by_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL,
    "planet_id" BIGINT NOT NULL REFERENCES "planets" ("id") ON DELETE CASCADE,
    "sender_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_messages_planet__4434d7" UNIQUE ("planet_id", "seq"),
    CONSTRAINT "uid_messages_sender__257662" UNIQUE ("sender_id", "client_message_id")
);
CREATE INDEX IF NOT EXISTS "idx_messages_planet__998937" ON "messages" ("planet_id", "created_at");
COMMENT ON COLUMN "messages"."type" IS 'TEXT: text\nIMAGE: image\nVIDEO: video\nFILE: file\nSYSTEM: system';
        CREATE TABLE IF NOT EXISTS "message_edits" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "previous_content" TEXT NOT NULL,
    "edited_at" TIMESTAMPTZ NOT NULL,
    "edited_by_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL,
    "message_id" BIGINT NOT NULL REFERENCES "messages" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "message_edits" IS 'One previous version of an edited message.';
        CREATE TABLE IF NOT EXISTS "message_reactions" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "emoji" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "message_id" BIGINT NOT NULL REFERENCES "messages" ("id") ON DELETE CASCADE,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_message_rea_message_6283e6" UNIQUE ("message_id", "user_id", "emoji")
);
        ALTER TABLE "planets" ADD "last_message_seq" BIGINT NOT NULL DEFAULT 0;
-- Hand-written (aerich cannot express it): full-text search, spec 12.1 idx_messages_search.
-- The expression must match connecto.messages.service.TSVECTOR for the planner to use it.
CREATE INDEX IF NOT EXISTS "idx_messages_search" ON "messages"
    USING gin (to_tsvector('simple', coalesce("searchable_text", '')));"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_messages_search";
        ALTER TABLE "planets" DROP COLUMN "last_message_seq";
        DROP TABLE IF EXISTS "message_edits";
        DROP TABLE IF EXISTS "messages";
        DROP TABLE IF EXISTS "message_reactions";"""


MODELS_STATE = (
    "eJztXftzm0gS/lem9FO2yuty5FdOd3VVsq0kurUllyRnH9EWQWgkTQyDlocT317+95vhIR"
    "hgEGCQEJ5fLAvoAX09j+6vu4e/W5o+h6p5fG/oC6TCVgf83cKyRv+JnjoCLXm9Dk7QA5Y8"
    "c4Raa/ci56A8My1DVixyfCGrJiSH5tBUDLS2kI7JUWyrKj2oK+RChJfBIRujv2woWfoSWi"
    "tokBOf/ySHEZ7D76Rx7+v6UVogqM6Zp0Vzem/nuGQ9r51jV2jZx9Z751p6w5mk6Kqt4eD6"
    "9bO10vFGAGGLHl1CDA3ZgvQOlmHTX0Af0Pux/o9yHza4xH3KkMwcLmRbtUK/eCYFx1qSNB"
    "hOpHFvIkmtHBgpOqb4kkc1HQCW9BF+/ke7fXp62T45vXh3fnZ5ef7u5B251nne+KnLH+7D"
    "BGi5TTmY9T/0BxP6QDpRoqtdeuCHIyNbsivlKCNAHyPl0fk/poPrlWwkayAsE9ED+YFRPf"
    "iohxThwbzRg39JoIig/+1CE5r8XVIhXlor8vXsJAXkT93R9cfu6M3ZyU8s0gPvTNs5RTEP"
    "YZwX38Zi+/YkC7jkKi66zjkWXgLIHBrJAPewrTkg98lTyViBMbAD6RrD3Xrfu+ve9khjUJ"
    "NVOMXuN/f/wXAgXfUH3dHvpGnyA2YIy8bzFA8nH3ujDtDphDzF96Pe+97IuclkKI275OK1"
    "ARfQkLBukYlbMuXnVgGVts8yaLR9xlUoPcXqc4YMayWRGSth0NyQo8mDhpWK6JIetpAGj/"
    "3ztdBq5kGUgvBNd9KL4Kcrir2WnXvkmHRYqRqPhTpNPTOk58HYu7x54J5nAvc8BdzzOLjy"
    "EzFaDMk21DwYs1LNg7p9cvYuy4xLLuPPuc5JFu01wQlKZLmc8dbSZLyjck1EPBPeKWjHsH"
    "adLoKitlZh8kw9Jou7ynWCklvY7hQlYB/zirKAf1KtU3TavrzYuEH0S5rjMybG0K3v6YRB"
    "ptYNJDafGUf3P+PhgIcsIxY1JJBigf8BFZmVQdv618LGCgUOzGykWgibx/S2/27t3rqgMN"
    "GWNdP8Sw336jd33d+iHf76dnjlQKab1tJwWnEauIooRjEghUySrWT7jhpqybphJdNsPPpP"
    "VQqqcuIhP3A+xOqzNyemqGbSv+uNJ927e0Y/1BykZ9rO0efI0TcXEZ1tGgG/9icfAf0K/h"
    "gOelE1bq6b/NGizyTbxGHA+jdJnodoE/+ojxqjdXs9L6h1VlJovS5a9zEKqd17+pDWTeJg"
    "5mX4QkLlrGivhOejFOviMUTz0QMzWXn8JhtzKXZGb+uJlCCFP66wIYYTnfyJsSkRFXnk84"
    "PXyEGp6offE/2jwf0N+duGuw53UPLLye+Flmsld8fX3RvijzPAszjTU1pbix6Rsbx0fi99"
    "MvocYRwTyH0fXz6zTx9S0PoNHu5HKbQ+1GSUy23eCFTkv+1UBYz7dprJfztNceBO4x6coa"
    "scSn874+zLFkK6mEvxMO6NcroPre7NXX/QAc7HFH8cjicdQP9OMW2tAzZt5iXiLrLwcFGb"
    "JUTDXUSVgUxpJmMMk2YcnYAtY86UE5aLaGNGBKtSx+bIbp25q+HwljEbr/qReWXwcHfVI+"
    "A72JOLkMVMNyHe04FNsrGVNMukm/NR2RIM+prRR4drv8fdNqItibgnZhJFNYHfOYs5K9UE"
    "SjBNp73fJukkyUalt8PBB//yKHPCjjDa8/+r41xx47DMLheXyXVV1BS7clxkCTVe8EONF7"
    "FQo6orMm8hT8Y4kNghwhDvBuDyl2ZVNi1J1ZcIFyB+YsJiqajzUiF4Xf4wO0yGT/C6r1Hr"
    "PF43B70YdA8TmiaBLSEEd+VJvv9lBFVe4onHdnVtazV2WzrAfsCjFVkndg6JR2ShpGhlHq"
    "jGuoJkte+29txUtNa2uZIs/RG+tGfdk4YmtJ2mIuWvreSKJ48iLo7WxGmkqVC5EFFOyJSQ"
    "adqJhFJutDJGQuppmGYCTIM0+cdcoXUp3ato6OgQEPNH41qVMbReOnc5jTS0b7kISZptwX"
    "JGo4tWg0ejj1hZozEXYAc5GjViUspL0r/cEO4LO9id21pDe5ePlcBoK0YSnKOXzu0eUD3S"
    "UkPBIiuhk+VYDlAjr7UmTVXxJJ2UvJJYdjEfVj+VJ8MSEDTVkB6YM/0mTDwkZOFEeAl+Mo"
    "5MLpTCXMjWpByacAVMtMRw/jPCYA6fkALJj1hBIqAh9RnoC0CmGWDAhQHNFXC94WMwgk/6"
    "I8GGnHTkTUfGlQe6bUVj9pXdaIplPAea/AhNR15WFAKAJw5MS1+Db7pBWzhuHWXJNfocTr"
    "wy6N1d9vDPXElIDw/9mxwpSLaN5sdUpsjMsj0TKZTt7dyJ/jnbR6q3mwXjUophstD56enJ"
    "Rq7KE9M8+YE0RqgJEeJIKK2dpUqHXMUPprVjNTo+ZniRUHbGL2mIiImShvRofYGSBrSm3D"
    "m5IMGY4Q8BVqp5Y6D8eL0z/5OVGicEm/g4s1LNw/n8bTtL9eXbNr/6kp4TVTrNjutlieY6"
    "KRdkvBTRe1RWaP6QNB+yp3PqnZUUOTr1CdvztcxL6eQvonHJ5i2kp1nW0VP+MnoaW0XrUf"
    "+2b5D3VwG3rartvW5AtMS/wOeK69rqMYeVXNnGgdojikrJzxi5bTU6RWMvySw1m4jLIcFz"
    "srtM50qgd6Odj8/vxrv8doK3yzKq4A0lSf/z6wR8+fLVQl++/HQMerKyAsgES12fg4VuAB"
    "1DYOiW0w/+STfwMmmeF14C2T3sxjAZerea20wxvUZeElUBDcqYUrxAhTIxEY4A5X0pF/xt"
    "pasQeLQ3vYFnRGTkewWtu1daF35fI3J1AY+AlWygH9gol8Ad0EUcP0ZSOH511rKg87hqbj"
    "Cp4y29iR4of8FkpcpcOOs7oLeskymOpRnE/1/oWzazyuEo4mKyvSuvl1mlOxApnUhwCOLF"
    "FXyXwHSuldi6jixewZu1oT8RMeMImPbsK1Ssn8BaRgZYGLpGLPAnaCDyi+agf+Oa9Megqy"
    "i6jWmOhQGBJlvKipwmtqe1QuZRgkdQ9i2mGEMiQ787G4mQZnXiBbhfiNVPowJAtsghZzdi"
    "4N8eKDImh4BF/Aag0xaIkOzeieckfG750vQC7/HdHBCxL00dSLg0nyKsuiJ7p4Tld1eAnV"
    "8trQ/D4Qe6Rbf7OcXd+3v61fmIDshM+SSll2b7IydRExzDIBCpM/gF2f/2+XkGjMlV/J1e"
    "6TkW5dptxLTX8EoFOzEJx4aPfnMdm5rlKdRs2B2IojMRFyKCKiKodVDBDiKoVfq2QWgw6U"
    "1hdqYgVyROWem+okyuf5Arni/VX/h1u/LrLL/3ZDVzNwLlOBL7VUH12bhrVbYWuqEV9ptD"
    "8jV2LFr94bgDyB/iMA9uRsP+DXGZ3X+m+NfeVQeQP/Vwn0XRSwLKFRa9OOtRAaw3cgLuTH"
    "DrpvQEjeSIRsrbwxip5kFdfikLMbOKAB0RE0hvR1owRHzom8sQiX0Jm6b1BLoolkq754SH"
    "ms2sL8kLFAycYODqpYLSGLiECaMEVPNl79RzpnhJ8g55BDB4uL3dF8Pp7U2ZQG8Gu1byuc"
    "3Q9pgV85pPyEQzpHr5Q97OY56xETI4BdNZT6bT+Yzhz3fY/OsbmDBRySu1w08Wg5n/xpGI"
    "WBP84jSzvIpXjpAFzrAk6tfk9ZhYyQZ6TIfrIcUdY4jnhZQclhMqrrWKWROjSLyIbaHOa1"
    "fr/uHqtn/dAWt7piJlivuDT/1JTxoObn/vAISfkAUlnZIdRVa48rMuLdmyObtEbVdLIL3D"
    "tw8hTLfWfPKfJnssb9C9nvQ/9agW3Bam2D8SanHvKvH6iEKcgjyGXUSsFIujRmHsLKElfm"
    "ApFlZCGt0Y1zZyhfAYoSaYdJGE45OzLCjTy/gpx85J8e64bViXH1aizXt7rceB5jrjEalC"
    "3GjdOrXrl7ffnl2evTu9ONu445sjaV54/OWiJrToXgMJqPK3uAzLiP0t013DAvtbsixVHq"
    "+BlRSp1nV2G0SgnD/HHWbIVATKX6PWswTK/RE7e84d2o2JigBvWQHeANq4SkSYlw1Fxroh"
    "E40ckQEy6l9Psu1Yx7XjxdvL4m+Y2tVbyw4Gouqj2k6n4ka2/S63LbpNix6NCkLcn732ac"
    "tOikp0Mwb/Am+ghhI0PEKTXP856bCIgdcyBm7oSa8XykZh+7I7JJnuu6NJ/7p/33V/aR4O"
    "++NwPOkA+neK74Y3vVF3Mhx1wObfKQ413gHRO+2d2z7AcIMbIsirKD+w4H5O8W3vPdEH/T"
    "vFV93BoHfTAe5nPRTzVUdY0sgUqnMKiLZrJ9JErYN016OeO3K8f8i48cJ27ucmbHdNRlYH"
    "hL7UR12FfGRGULjIdXGRM+0xARdWke0lAjFBd9aHAYnrdybjYmOaERQ6PgAd29hK2oUpk5"
    "o3skLTNdd0gbeasFLNSzE4z5Sie56SonseT9EVEYOmmUNZIgbedFggYBCVbFDSw06ImFBm"
    "T5hGy64ARkxEawrDLyoh6xIoCwjnFwbJgtqwA1ND1jAZM/a310OKEtPSS0w3y9/ucK3ZYp"
    "kV1qihUKv6Ui9umbR93iaimbJ3XhA6rS74NkcGVCzpET5vC8E53cq58SY9TwTb6hlsEwWn"
    "eyw4TdterHEFpzGwM6KdCncMb3/qKRLy8mXr3LdbH0bDh/sOWBq6vZ7im/6odz3pAHdupv"
    "saDoYPg+veXY8GjOnrL2zySzXv5fT7j3QdYMS4WHkaW4pGA5DRcrV6KASZm98UX4V1XYUy"
    "5izDjGBEHzMiWZVCNkd2S1lfDYe3DJd21Y9WvT/cXfUI/A765CJkcRx9hwejoduckDNyAv"
    "EciFO+VzIgfRYleSnmF/8kyYoiIEYxpRQBBd5FHjuJkWqemVR+YaHzfgoNmiYtfi34egtW"
    "XEQu6xNXScgzCSvMhH/lc7aTpHfHM59UNcb2wu+LMsfXMN5EmSN/2B1m+FqUOb5GrWdJWt"
    "h7mWPN5nGRtvBK4Bex893HzvdRvVuz+aWc4t0sod6Si3fdGG7D0hbY/YpcH/GFON25rTQJ"
    "pOqTBnjlu2yn25Y8UF357nqTwMAp3w3nsLnPIt7FV9uEgQOrzr3r0RBB3uhdcjGu2xY5FL"
    "S59/idZltFK1AiooJWqo+nGScYqLIKVKBExJoXIKmkBAXrFlogxTFWTMkZJwlLTlqoltOC"
    "CNrmCNqKquhmMWqCR32NWs/Co7qWSAEWNSIoONSiHGrgd+XCnxETHKoo/ToM6FPo64CseC"
    "HD2riN6I4iJCsz9kXp1x5Kv/zVT8QDtqAaMRNqVfjlU94JBG6IDeezt2HivTrmlqZ+/Um3"
    "UTQhUbXTVRQVQRwkh/mULcPsMnOEeP1gLRa/oxRyN3d+4M5TAhuigldUsERfD0jGEvxuTX"
    "H/rvuBlsDQN+9M8af+TW/YAU9oDvUpft+/JacWSCVnxr+PJ727DjCfTQtq9WDaye0sr46K"
    "1RX/tZEhkSYwr2mMQxWvjNQNtERYVqUC0CfJCh0UeG0nlA1lRbGQ6BDOo4IEUaGB/BqI21"
    "mJqwVnBkoSboIWqi6TkS1LVla0cFaiS1JuciZZXhCURc0kiiSNpcW1wK/cC8vUo2KP3q8x"
    "FXsatGTqSeRTSSBTD5U0qogSzlGx6BkjKDJB6hMri4dIqaqI5uwke3isyarKXZNYycaU8Z"
    "22Ly82aw/9krbajO+6t7eiNu91Dh1XVwXSqGKCzTOhK0mkEsWQfPQPM51DJPG8Rq1nSeLx"
    "F8ICaTwxUeEni0Seg4TfDY/mhp8RE51f5PLUO5cnSAIQaScpqDKjmpN0kryCCmi3QBuzGF"
    "5Q4UtpkXLqVnukpQbNEkznJIarwmHgCyA18lprElo7yBJzOhg/U8zvf1uzxaRNn9+aMtYa"
    "YgjWBnxCum2CJ2iYlD7XF0DGwGWNgdfocSuCX07RhBS0SEKZyBqrZdaYr+IieRpJsnVOZ6"
    "ptmkBtQj91U8SBUi5ZiDZPdQUYl6ik8DmLJybw83JSS9fSUnIE5ZKugBSnXwuS5l/oQTVv"
    "M5qjaF0E0we3+/2bWUP4p1uQjc6vdSw52fhgfIci7KZtdyoYF7HsWpTQuPZLyaCmf0Wxqh"
    "PhJNTSSXCVFVMAP+a+EWiEO1B1vqqItPOhb64DIIxPUbj/mqAXdv9e7H5Ru19K7f5+rP0u"
    "NJCyaiUY+d6ZVNteDq4p1aB/idH+Wiz29tuzy7N3pxdnm3l0cyRt+txui3uhmDzWeEikgf"
    "Z4+/w8g0FOruJa5M65SAkZGVQ5EPYubyC6lbxYlRtr4hcf8UNMO6g92k+oqbQqo5jltcvF"
    "7Mf/ATauh7o="
)
