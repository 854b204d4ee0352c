from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "notifications" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "group_id" UUID NOT NULL,
    "type" VARCHAR(24) NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "body" VARCHAR(2000) NOT NULL,
    "data" JSONB NOT NULL,
    "important" BOOL NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" SMALLINT NOT NULL,
    "max_attempts" SMALLINT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ,
    "locked_until" TIMESTAMPTZ,
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ,
    "delivered_at" TIMESTAMPTZ,
    "read_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_notificatio_user_id_015518" ON "notifications" ("user_id", "status", "created_at");
CREATE INDEX IF NOT EXISTS "idx_notificatio_user_id_df619b" ON "notifications" ("user_id", "channel", "read_at");
CREATE INDEX IF NOT EXISTS "idx_notificatio_status_e4fbb9" ON "notifications" ("status", "next_attempt_at");
CREATE INDEX IF NOT EXISTS "idx_notificatio_group_i_7c71d7" ON "notifications" ("group_id");
COMMENT ON COLUMN "notifications"."type" IS 'MESSAGE: message\nMENTION: mention\nREPLY: reply\nJOIN_REQUEST: join_request\nMEMBER_JOINED: member_joined\nTRAVEL_UPDATE: travel_update\nBAN: ban\nSYSTEM: system';
COMMENT ON COLUMN "notifications"."channel" IS 'IN_APP: in_app\nPUSH: push\nEMAIL: email\nSMS: sms\nWEBSOCKET: websocket';
COMMENT ON COLUMN "notifications"."status" IS 'PENDING: PENDING\nSENT: SENT\nDELIVERED: DELIVERED\nFAILED: FAILED';
COMMENT ON TABLE "notifications" IS 'One notification on one channel (spec 6.1). The records of one notification share a';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "notifications";"""


MODELS_STATE = (
    "eJztXXtz4ji2/yoq/rk9t7KpDnl0X+bWrSKJu5uZBHKB9OzsMOUYowRPjMzYJt3s7nz31f"
    "EDLNsytmNAOKpKEbB1ZPt3LOm89a/GzJpg0zm+s61Hw8SNFvpXg2gz+BI/dYQa2ny+PgEH"
    "XG3sETXmfiPvoDZ2XFvTXXr8UTMdTA9NsKPbxtw1LEKPkoVpwkFLpw0N8rQ+tCDGnwusut"
    "YTdqfYpid++50eNsgEf6edBz/nz+qjgc0Jc7fGBK7tHVfd5dw7dmk8dYj7yWsLFxyrumUu"
    "ZmTdfr50pxZZERjEhaNPmGBbczFcwbUX8ARwg8HDhg/l3+y6iX+XEZoJftQWpht54rG6Pt"
    "ZQ1W5vqA6Uoao2CmCkWwTwpbfqeAA8wS387X+azdPTD833pxcfz88+fDj/+P4jbevdb/LU"
    "h7/8m1mj5XflYdb53OkO4YYsykSfu3DgL49GczWfymPGGn1i6M/e9wQPrqaanc6BKE2MD/"
    "QB43wIUY8wIoB5xYewyZoR6/dvF5yYad9VE5Mnd0p/nr3PAPlru3/1pd1/d/b+BxbpbnCm"
    "6Z0CzCMYF8W3ttievM8DLm3FRdc7x8JLAZlgOx1ghSxmHsgdelca0XEC7DW1wHA3Pim37R"
    "uFdoZnmolHxP/lf+/2uuplp9vu/0q7pg8wNohmL0ekN/yi9FvIggl5RO76yiel711k2FMH"
    "bdp4buNHbKvEcunErTraslGCpc2zHBxtnnEZCqdYfo4N252qdMZKGTTX9Gj6oGGpYryEw6"
    "4xw8fheSG4mnsQZSB83R4qMfwsXV/MNe8aBSYdlkrgsSDS1DM2rCIYB83rB+55LnDPM8A9"
    "T4KrvVChxVYXtlkEY5aqflA33599zDPj0mb8Odc7yaI9pzhhlS6XY95amo53nK6OiOfCOw"
    "PtBNa+0kVRnM1NnD5TD+jibnKVoPQeNitFKdgntKI84L/frlJ02vxwsVKD4EeW4jOgwtBN"
    "qOlEQQbpBlOZz0mi+9Og1+Uhy5DFBQlDd9G/kWk4W4O28b+PC6IDcGi8MEzXIM4xXPb/Gr"
    "uXLgAm6HnmOH+a0bf63W377/EX/uqmd+lBZjnuk+314nVwGWOMbmOATNXcdPkOBLV03rCU"
    "WTIefNkWg7Y58dAHnPSIuQzmxAzWDDu3ymDYvr1j+APiIJxpekeXsaPvLmI8W3WCfukMvy"
    "D4if7R6ypxNq7aDf/RgHvSFlRhINY3VZtEzCbh0RA1huuL+aQk11lKyXVRuB5iFGF7cPcR"
    "rjtUwSxq4YsQVbOivRE7H5hYH58jZj44MNb052+aPVETZ6ymlWoSBPiTDOsRPLToR8KaEm"
    "NRYHy+Dzo5KFb9Fb6J4dH19W3t28p2HX1B6ZPT58WuLyW3B1fta6qPM8CzOMOpWXMWP6IR"
    "7cl7XrgzuI8ojinG/RBfvmUfblKa9Ws83I8yzPp4phmF1OYVwZb0t52ygFHfTnPpb6cZCt"
    "xpUoOzLZNj0t9scQ5pSyFdTqW4Hyj9gupDo3192+m2kPdvRL70BsMWgs8Rgd5aaNVnUUPc"
    "RR47XFxmiZjhLuLMMBx1rBGC02Yci4KtEc6UE6WLcWNMCbfFjtWR3Spzl73eDSM2XnZi80"
    "r3/vZSoeB72NNGhstMNxG7pwebuiBu2iyTLc7HaSsQ6AUzHx2u/J5U2yi3VKqeOGkmqiH+"
    "zlnMWao6mASzeKr8fZhtJFmx9KbX/Rw2j1tO2BEGb/4/LVLIbxyl2eXiMrzalmmKXTku8r"
    "gaL/iuxouEq9G0dI23kKdjvKbYIcKY7Abg6pdmU3Nc1bSeDFLC8JMglkuFyEuFtOvyh9lh"
    "WvikXfctcp1n1y1gXly/Hg52HApbigvuMqD89HMfm7zAk8Da1V6404Hf0wG+BzyzIqvETj"
    "DViFwjzVtZBKqBpRua2fF7W9YVLWK5xqOhe1i8ErBupKu6wjVfOFPVtZ7xa8G6ox0NoZ+6"
    "IhWKIrTFS2BRL4/W0OukrlD5EIEJzVENx1mk2t8Ko5XTcSSmHJ8LsBmGWClnaswreb3Ket"
    "oOAbFwNM5NjWD3tXOX10lN3y0fIXW2cHE1o9FHq8ajMUSsqtFYCLCDHI0zKoFrT/T98j3e"
    "r3zBbv3eavp2rbCaGxzPlIQqBpXEaCNGKp4Yr10GA6AU2lNNwaJCg16BYhgA1Q96q+usDk"
    "Yq1cY6pv1Xhtik73dYa9Aclz5VJVIDIDZw8+WmHQxeyRjDjLC4RHIEH9YwEjEHuOuuajLN"
    "FYwejNpNU4IIY2ZVfiyhRhuqUVPuxphCiBdFjvFEZZ+/GQRN8IuhY/oQU0wJZoa5RNYjom"
    "sZsvGjjZ0p8q1Tx6iPX6xnig096dE7Ho1Pj6yFN6NEAdzahUZEIxM0056x49Fruk4BCMiR"
    "41pz9M2yoYfjxlGeUMnfonGjNlzdd378XiiG8v6+c10ggnKxMCbHQFNmZtkcSBlJVvGuBB"
    "9n+8hU8YP4fI9I1NfhPXp2rKTP8tQodX4cAENUhwCXWCRAM0+SIW3FjwVoJlIMQ8zIY0rW"
    "LD8jK0YmM7IYH2EVGVnGHFx/tEGKMMMfAixV/cZA9eFG3vxPV2qS4ivn48xS1Q/n85Nmnu"
    "TxkyY/eRzOySTDeocl5AlG8SLG6Hgpw/c4reT8IXE+Ik8X5DtLKUMMxYk64nOZF5HOX0ST"
    "lPVbSE/zrKOn/GX0NLGKipG+u2+Q95fAuykp95NlY+OJ/IyXW07LFWMOqzgxlwN1YCiqJF"
    "6q7/dV65CpvQSXCTYRV2MEL2jdZV6uFPNu/OXj23eTr/xmA2+btaiid2Ak/emXIXp4+MM1"
    "Hh5+OEaKpk+R4aAny5qgR8tGFsHItlzvPfgR6g86EKZKnpDmH/Yd5Yx5dzuXGRFooz1RVq"
    "EZ1giYeJGJNSoiHCGw+4It+NvUMjEKzN5wgUCIyGnvlWbdvZp18fe5QVuX0AhYyhrqgbVS"
    "CfwBXUbxYyil4icyl6U5j8vmGht1gqU3VQPlL5gsVZULp7gDesM6maFYOmv//yt1y3omaR"
    "3FVEz27SqqZW5THYhlfqUoBMncML5K4HhtVTYtLY9W8G5uWy+UzD5CzmL8B9bdH9BcM2z0"
    "aFszKoG/YNugTzRBnWtfpD9GbV23FgRiLGyMZpqrT+lpKnu6U8M5StEIqr7EiBBMaeC3Vw"
    "eJdmtRLcD/QaV+8AogzaWHvGLqKLw80jVCDyGX6g3Igh4okeZfiack/NYIqaFBcPt+DIgs"
    "qyWCES5Lp4iyrkzppyj97upHFGdL43Ov9xl2GPD/j0j77g5+ev/iAzJXPEnllSXCkZPKCY"
    "5gsCYRGfyS1v/m+XkOjGkrfqFqOMeiLFwdub26V7ZQSE4qNnz066vYCBanINiwOxBG5zJc"
    "SA+q9KCKwIIdeFC3qdsyRTpSNNt4EQ++XpuoHJIvlSFKhrw/jPQplLI00TtnjnV0cXzywz"
    "EaTjFVGHXLnjiQeGDFSZ0pKKBaQqndwjVG5OHhybYWc8rPh4cfEQ7cZBQSg+qq4OmyMb0B"
    "0G3JhH6fW7bra8XgY7O+kTKJDZAUtfCAjQgolIBpFDwVfPUyqcIma2KCv7v0sItnc3d1On"
    "yagikTUj/elX68YlCCB3xzbZRGGmvjZUABiQSY+YwNIa3Ium6DSliD9mfYy9DPHR2RW6U7"
    "7PS6cIRAqxHpK3c3v7ZggjKXI/JTr9NV+8r/3ytQkfoPy4BSs/QeHRdooYCxCk2Ua+gBaj"
    "uo0AZc/sN++6tyo97fgWQIw9Mrx+KXoRuRyza95lij1xv8Ohgqty3kLB06/5Qxd1S/KWJk"
    "xizzLkTIhX4dKGvbd3ctBCU/5/MRubsffGkhiDAaEeW23blp+UZZyqTbAeXQzBmRX5TLQe"
    "/qZ4W+Dd/w2LH0Z5zIEtyPjco13GLVZVcEIjOprH0q1x6BzYw9ApspGzBak2URgMP29cQ3"
    "J8CZCCcghsU+CXFGul7QXubpMTaKSvL0ZiCia2npY9kbHUTp5EYHBTY6WCskZVbdNfUOi4"
    "XfKd3rTvdzwXc+JGuh4AtdYakg1kLwOSLXyk3nq9IHoWr1dUQ+0QUZDvn/xVhzA50xhWfZ"
    "O2pG6eQ+mlELC+VXWVDjtLsD9lx8YOMmjgS22X6AFHLpChDZFWCCZlJy05w4reS00JwGFx"
    "22bSvF4cDfNIelqoP/PIun29g0B9I8SsykETI5rkQeVyvPRQkmx2klp0XmdOgVKsjkCJnk"
    "r8j8lWFPXDbXOOxJ7hVUN66nDHZB94DfN39lCNS+WXDgIVDr6ggp8U9M6QR+8FOsVMNWd4"
    "ZnAn7W5TJl6I6YoTtu+Pbk9lWHBNX4NvbLgu0XJJybmvto2bOyvqQovcC2oUanN2gh+jEi"
    "7e51v9e5bqHgixep0UL0QwxPkaz7m4LyFuv+eutRCaxXdBLuXHBbjvqC7fSkbj7YLFX9oK"
    "6+mi8Vs8oAHSOTSG9GWlqL+NAfpt1AWoveItfzWIv2XPNFsJm1miwCaYGTFjgRWFCZBS5l"
    "wqgA1WIFjMScKV5Tv4jeAure39zsy8IZbJedYt5cb6TNt21Gduzesl3zxXCMsWEGJZSCzV"
    "ADYSOa9CgtnUJaOr3/Cfz5ClvYvoY5Iye5UkZOMjJGTlISRiJ3loCZH/4WI6uDXrzz+DdX"
    "s10V9JqiGhNLWUON6XA1pKRijMmkFJOjdJLFQrOYFTHK+IvYHkReuxp395c3nStI8x2bhj"
    "4ine7XzlBRe13I+jbIi+Fi1QJjR5kVrvrCc4eXEmYQ2ML6JbybAtnY7ath56sCXPB7GJHw"
    "SKTHvbMkeEd0qhQUEexiZJVIHAK5sfO4lviOpYRbyZjBBvQLu5ALjyGqg0gXz7k+y4MyNM"
    "vIuT5LYA0r8D8tUrB2wJpmh3PL/fCq4LQijFsJuvdLhKRM55k5jRGqUrZR0V5qXy9vnpx9"
    "OPt4enG2UsdXR7K08JSsaezCdispqPLLBkRpZOmAbNWwROkA1kpVMHEGV+pME+zlr5PaIB"
    "3l/DnuMF2m0lH+Frmex1EejtjxsrBrN0EqHbxVOXjX0CZZIt28rCsy8Roy3sg+HSD9ztUw"
    "36adXDm+yAaUvpuxZqjHo9AJTqvjUmifTq+TOkG0fa+291JxPdvhK7fJuw113+0tuLh/C/"
    "qHnr0Qlfh+NGGDYKAm6/3+HqvwGx6WPnAhfeC2xStMudmEHdLusqZZuz/sXHXu2v6TFrFh"
    "f+lBmVj4HJHb3rXSbw97/RZafR2RSOctFL/S3m3bB+hu8F0ERRkVOhb8/yNyo3yi/IBPrz"
    "avV9DX/y8GY7zKwzM6hVqcBKLN3Il1IbST7qqv+CMn+AK1eX23nf9/5ba7oiOrhSI/xGFX"
    "KR2ZIZQqsigqcq5tdvBjmXpQETJp7hTHApLk7xiKmpcZ0wyh5PEB8LhU1cQ4reS04JxW6V"
    "rkFEunZKnqF2JwnitE9zwjRPc8GaIrPQZ1E4fyeAyC6bCEwyBOWaOgh50YYiKRPVEzWn4G"
    "MGTSW1MafpkJKYqjbG1wfqWTbJ0bdmBsyOsmY8b+5nxImWJaeYrpavnbHa6CLZZ5YY0LCk"
    "LllwZ+y7TyeSuPZkbtvLXrdHvOt4lhY91Vn/FykwvOe628C6/C86SzTUxnm0w43WPCaVZ5"
    "sdolnCbAzol2JtwJvMOpp4zLK6QV+d1ufO737u9ayNuZdkSuO33lathC/twMdQ27vfvulX"
    "Lr7Y9FFzxrQZ8UdisVw9N1gB7jculpbCoaOCDj6WpiMMRwVs+UXIUz9+1jCOXGfQU27vPs"
    "YOC6LQg5QycRL4A42HtVG8O96OlLMT/5J41WJgExjKkkCWitXRSRkxiq+olJ1ScWejt5BR"
    "ual4k/SJJLz6U4fpWUOJMowxz8ZzFlO426NjuQ7ti+L9Mc38J4k2mO/GF3mO5rmeb4Frme"
    "J2hh72mOgs3jMmzhjcAvfee7953vI3tXsPmlmuTdPK7eipN3fR9uzcIW2HpFvo74Spxu/V"
    "7qCpK3BbCNdUz7rwapPu2x73dYa9DA8/Pal8sfhIDYwA0qjdYFr+1HpvByxNmZbVOEyvZy"
    "xOerKBlOjng0UNK/F7nho7BRKQeWAn6rgB+qoCemkZ7x7fdFD6373LuTeLZwy6Y5xUil7V"
    "Icc0bSigXMKpHmFCOrnxduK3lOxHKNR0P3hBZH9cZJypKTFQ/A6UFGBhSIDJCp9/Uy20pj"
    "/Vvkeh5jvS+JlDDVxwilob6soX6tdxXCnyGThnqZX3gY0Gf4SNbGilea8WtX7fAoZslnxr"
    "7ML9xDfmG4+kmn0wZUY2KCUNmFoV8lxYAbcbnwrbdR7872LLcQX/g71Op0MGW196ropoHJ"
    "OgIxNNkyll1mjojucQlduVPf6WJZYYvVVVi5wgirLkmbsJg24cKxqzsPV60JC95QMh1sXU"
    "nHEv7ujkjntv0Z0rNgV6gR+dq5Vnot9GJMsDUinzo39NSjYdIzg18HQ+W2hZyl4+KZGAZ6"
    "ejk3yPFjecXf0jRCUgeDbZahYhvbmVq28WQQzVRLQJ9GK3lQYktZrNn6FLBQYQgXYUEKqe"
    "RAcQ4kxbPU1YIzA6UR14EL207h0lxX06eQ1K3CklTYppNOL+2aZcUkQBJccEku8LNKozRi"
    "ZJPC9WqTTTrDrgaaRDGWrGnEYEmtEnzxxCjndGMIZQCJOC62pGcVWEU5t0iThwczzTS5ax"
    "JLWZsU09Pmh4vV2gM/slabwW375ibFbWaUrCTOEMqBI/LAkbnBb4fLJSLsEoT1U5O2EmMn"
    "k7H56B9mpI+M73qLXM8T3xUuhCUivBKk0hZSOsbLKFvHP04peSDj7A4SfhvPzaVKJ6qiDI"
    "gRygFQlgN+/Ehh/BkyiX7pqIFEyE1+FiRpJR9k0KnYQafraDUZH5mBKjO7cqIj05bRCoDN"
    "X1biQLGNSQ450I1MtBLgHLV6EutSDoxXGo2cGzbNuEaurVnS1X2J7gZ0E+aNV5RDgpnG2F"
    "2ZnwNBPG1q3XVFpEOECry+1QCk0J5qJJLGKyDpnACjciWjVnXsa4qWLLK176JR0VHJTzoK"
    "B+3GxCN1NVFszD5q9AhGcxu/GNbCQS/YdiCkynpEGkF+JBEKOj1uxPArSJqSzRTLTZKZRE"
    "JmEoUsLhO7n0YrcoqLsKHjwoQDisaIA3XR5nHMB6wr4RyMU0qrcPlgdX6uRmYVlKw0Deke"
    "zGZAhll+tlbwdmaEE40RuVPsmXdws2V+NWtIE9EGZOPzq4jVC1aKK1+hiOq2m5UKRq+uuq"
    "xBZFyHVUnwzPrDSBQwkEqCkEqCz6wEA/gxuiuCWqgD285hlJG5fOjrqwBI4VPWgHtL0Eu5"
    "fy9yvywDlwfVjWXg9i3tr5wumQJ/1DWTS+ZnvUPblvs31CsLmSCrjompBnjvS3EhNUJWQw"
    "n1QCTSlKyhpEg6wS+Gjn32JJiclZHJkNUvH7P6ImXemPDcZmm1mvh1OeJ0sjZHtjOuVLkU"
    "qZfJlK23C79Ui6VaLA4jpFostFqcnLcrAFUmVe3L3hDfFjTF2JCyc+jGnS5j25ZujltsI3"
    "+r4f9yENAiKrMZcO4YKS/Ypi8N5QJyp7a1eJqihwev/+Cn6uA/Hx6QEVC+G9GntZ+RZnob"
    "fzEhjlu5yojAkVHjhyPkWGjh/UJeMS/ozSLmEpmW9ewgzUUEf8N2GEfp/EivYWpOANd/+9"
    "27U+w1c9wRCRr6lxwvkUaWlFijAnjjiGOBCae5YGxKf6sw6/7RJkNL5E0rxos06toUkdux"
    "MLwej2XVQl4PMmrv9TwpbouM08oacSLbI6UlQFoC3g70GZYAqa1KbVVqq3FttY1tQ582Up"
    "TU4MxRlm6qrdtU6vZ+jYr1VvSr5snZh7OPpxdnq0l0dSRr7tysOQWJikW8lxGSGkarNs/P"
    "c/guaSuu89I7F9t0gw6qAggHzWuI7kmuQr0nGYV6T1IK9fIyMfluYX4C5g48wvtRZirz/S"
    "bErl0uZn/9B8kHVX8="
)
