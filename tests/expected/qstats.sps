* PSPP cross-check of the questionnaire statistics (pipeline/qstats.c):
* Cronbach's alpha and Kruskal-Wallis on the same inputs as qstats.R.
* Run from the repository root, after `Rscript tests/expected/qstats.R`:
*   pspp -o /tmp/out.txt tests/expected/qstats.sps
* PSPP version used: GNU PSPP 1.6.2 (Debian 12 pspp).
* The text output rounds to 2 decimals.  For 6 significant digits, write
* the SPSS viewer file (it stores full doubles) and dump its tables:
*   pspp -o /tmp/out.spv tests/expected/qstats.sps
*   pspp-output dump-light-table /tmp/out.spv | grep -E 'lightTableData|index:|  x:'
* The values PSPP printed, and their agreement with R, are recorded in
* tests/expected/README.md.

* ---- Cronbach's alpha: alpha, alpha if item deleted, corrected
* item-total correlation (r.drop).

GET DATA /TYPE=TXT /FILE='tests/expected/alpha_data_likert.csv'
  /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2 /DELIMITERS=","
  /VARIABLES=i1 F1.0 i2 F1.0 i3 F1.0 i4 F1.0.
TITLE 'alpha likert 30x4'.
RELIABILITY /VARIABLES=i1 i2 i3 i4 /SCALE('likert') ALL
  /MODEL=ALPHA /SUMMARY=TOTAL.

GET DATA /TYPE=TXT /FILE='tests/expected/alpha_data_ties.csv'
  /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2 /DELIMITERS=","
  /VARIABLES=i1 F1.0 i2 F1.0 i3 F1.0 i4 F1.0 i5 F1.0.
TITLE 'alpha ties 20x5'.
RELIABILITY /VARIABLES=i1 i2 i3 i4 i5 /SCALE('ties') ALL
  /MODEL=ALPHA /SUMMARY=TOTAL.

GET DATA /TYPE=TXT /FILE='tests/expected/alpha_data_min.csv'
  /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2 /DELIMITERS=","
  /VARIABLES=i1 F1.0 i2 F1.0.
TITLE 'alpha min 12x2'.
RELIABILITY /VARIABLES=i1 i2 /SCALE('min') ALL
  /MODEL=ALPHA /SUMMARY=TOTAL.

* ---- Kruskal-Wallis, one analysis per set (SPLIT FILE).  The one "NA"
* value of set likert3 is read as system-missing (PSPP warns that it is not
* a number) and left out, as R's kruskal.test does.

GET DATA /TYPE=TXT /FILE='tests/expected/kruskal_data.csv'
  /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2 /DELIMITERS=","
  /VARIABLES=set_id A8 group F2.0 value F8.2.
SORT CASES BY set_id.
SPLIT FILE BY set_id.
TITLE 'Kruskal-Wallis'.
NPAR TESTS /K-W=value BY group(0,3).
SPLIT FILE OFF.

* Chi-square of the 3 x 5 table t3x5 of chisq_tables.csv (cells by row),
* to cross-check chisq.csv: Pearson chi-square, df, p, and Cramer's V.
DATA LIST LIST /r c n.
BEGIN DATA
1 1 12
1 2 7
1 3 3
1 4 9
1 5 4
2 1 5
2 2 11
2 3 8
2 4 6
2 5 10
3 1 2
3 2 4
3 3 9
3 4 7
3 5 13
END DATA.
WEIGHT BY n.
CROSSTABS /TABLES=r BY c /STATISTICS=CHISQ PHI.
