* partners_sav.sps -- make data/demo/responses_partners.sav with PSPP.
*.
* The partners' questionnaire of the demo dataset is an SPSS file, as
* partners' survey tools often deliver.  Our code never writes SPSS files:
* gendemo writes data/demo/responses_partners.csv and PSPP (GNU PSPP
* 1.6.2, Debian 12 package pspp 1.6.2-2) converts it, adding the variable
* labels (item wording), value labels (answer scales) and user-missing
* values (8 "Ne sait pas" = DK, 9 "Ne s'applique pas" = NA, as declared
* in data/demo/scales.csv).  Empty cells become system-missing.
*.
* Run from the repository root, after gendemo (make demo-data):
*.
*     faketime -f '2025-03-31 00:00:00' pspp tools/partners_sav.sps
*.
* faketime (Debian package faketime) only freezes the clock: the .sav
* header holds PSPP's creation date and time, the only bytes that change
* between runs.  Plain `pspp tools/partners_sav.sps` gives the same file
* but for those 17 bytes.  -f stops the clock: without it faketime only
* starts it at that time, and a run crossing a second changes a byte.
* tests/gendemo.sh runs this from a temporary folder holding data/demo.
*.
* Variable names, labels and scales must follow tools/gendemo/data/
* (item_bank.csv, item_uses.csv for Q_PARTNERS, scales.csv); a changed
* item there needs the same change here.

SET LOCALE="UTF-8".

GET DATA /TYPE=TXT
  /FILE="data/demo/responses_partners.csv"
  /ENCODING="UTF-8"
  /ARRANGEMENT=DELIMITED
  /DELCASE=LINE
  /FIRSTCASE=2
  /DELIMITERS=","
  /QUALIFIER='"'
  /VARIABLES=respondent_id A8
    CONCERT_FACILE F1.0
    CONCERT_CONNAISSANCE F1.0
    PRAT_CHANGE F1.0
    PRAT_ALLER_VERS F1.0
    PRESSION_MOINS F1.0
    PRESSION_PREPAREES F1.0
    PRESSION_ATTENTE F1.0
    MANDAT_CLAIR F1.0
    MANDAT_EXPLIQUER F1.0
    MANDAT_CONFUSION F1.0
    PA_ACCUEIL F1.0
    COMMENTAIRE A255.

VARIABLE LABELS respondent_id "Identifiant du répondant ou de la répondante"
  /CONCERT_FACILE "La concertation entre les ressources du territoire est plus facile depuis le début du projet"
  /CONCERT_CONNAISSANCE "Les ressources du territoire se connaissent mieux entre elles"
  /PRAT_CHANGE "Les pratiques de mon organisation auprès des familles isolées ont changé"
  /PRAT_ALLER_VERS "Mon organisation va davantage vers les familles au lieu d'attendre qu'elles viennent"
  /PRESSION_MOINS "La pression sur les ressources débordées a diminué"
  /PRESSION_PREPAREES "Les familles orientées arrivent mieux préparées dans les ressources"
  /PRESSION_ATTENTE "Les listes d'attente des ressources se sont allongées avec le projet"
  /MANDAT_CLAIR "Le mandat des travailleuses et travailleurs de proximité est clair pour mon organisation"
  /MANDAT_EXPLIQUER "Je saurais expliquer à une famille ce que fait une travailleuse ou un travailleur de proximité"
  /MANDAT_CONFUSION "Le rôle des travailleuses et travailleurs de proximité se confond avec celui des intervenantes et intervenants psychosociaux"
  /PA_ACCUEIL "Avez-vous accueilli des familles orientées par une travailleuse ou un travailleur de proximité ?"
  /COMMENTAIRE "Y a-t-il autre chose que vous aimeriez nous dire sur le projet ?".

VALUE LABELS CONCERT_FACILE CONCERT_CONNAISSANCE PRAT_CHANGE PRAT_ALLER_VERS PRESSION_MOINS PRESSION_PREPAREES PRESSION_ATTENTE MANDAT_CLAIR MANDAT_EXPLIQUER MANDAT_CONFUSION
  1 "Pas du tout d'accord"
  2 "Plutôt en désaccord"
  3 "Ni en accord ni en désaccord"
  4 "Plutôt d'accord"
  5 "Tout à fait d'accord"
  8 "Ne sait pas"
  9 "Ne s'applique pas".
VALUE LABELS PA_ACCUEIL
  1 "Oui"
  0 "Non".

* User-missing: the answer codes that scales.csv marks missing by design.
MISSING VALUES CONCERT_FACILE CONCERT_CONNAISSANCE PRAT_CHANGE PRAT_ALLER_VERS PRESSION_MOINS PRESSION_PREPAREES PRESSION_ATTENTE MANDAT_CLAIR MANDAT_EXPLIQUER MANDAT_CONFUSION (8, 9).
VARIABLE LEVEL CONCERT_FACILE CONCERT_CONNAISSANCE PRAT_CHANGE PRAT_ALLER_VERS PRESSION_MOINS PRESSION_PREPAREES PRESSION_ATTENTE MANDAT_CLAIR MANDAT_EXPLIQUER MANDAT_CONFUSION (ORDINAL)
  /PA_ACCUEIL COMMENTAIRE respondent_id (NOMINAL).
FILE LABEL "Questionnaire aux partenaires (données de démonstration)".

SAVE OUTFILE="data/demo/responses_partners.sav".
