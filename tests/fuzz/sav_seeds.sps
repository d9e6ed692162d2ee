* sav_seeds.sps -- four seeds of tests/fuzz/corpus/sav/ with PSPP
* (GNU PSPP 1.6.2, Debian 12), run from the repository root:
*.
*     pspp tests/fuzz/sav_seeds.sps
*.
* Uncompressed, bytecode-compressed and zlib-compressed (.zsav inside)
* files; a 300-byte string (very long string records), a date, a numeric
* and a string user-missing value, value labels; one file without cases.
*.
