/* gendemo — write the synthetic demo dataset of proxeval.
 *
 *     gendemo [--scale N] [--seed S] OUTDIR
 *
 * Writes config.csv, codes.csv, territories.csv, families.csv, children.csv
 * and referrals.csv (participation), instruments.csv, items.csv,
 * scales.csv, mapping_parents.csv and the responses of the four
 * questionnaires (parents, outreach workers, managers, partners), and
 * codebook.csv, sessions.csv, excerpts.csv, codings.csv and privacy.csv
 * (focus groups and interviews) into OUTDIR, laid out as data/README.md
 * says.  The data are drawn with GSL's MT19937 from a fixed default seed,
 * so the same seed and scale give byte-identical files (no clock, no
 * locale, no environment).
 *
 * The questionnaires are the same at every scale (their own generator,
 * seeded from --seed only).  The parents' responses are a LimeSurvey-like
 * export with its own column codes (mapped by mapping_parents.csv).  The
 * partners' responses are written as responses_partners.csv only: the
 * dataset names responses_partners.sav, which PSPP makes from that CSV
 * (tools/partners_sav.sps) — SPSS files are never written by our code.
 *
 * The focus groups are the same at every scale too (a third generator):
 * French quotes written from templates by respondent group, coded by a
 * main coder, a fifth of them double-coded and a few sessions coded by a
 * third coder; a few quote a name or a place listed in privacy.csv.
 *
 * At --scale 1 the files reproduce exactly the pilot's published headline
 * figures (table PILOT below).  At --scale N there are N times as many
 * families, children and referrals in the same 50 territories, with the same
 * shares; used for benchmarks.
 *
 * Exact totals come from exact allocation (largest-remainder apportionment,
 * dealing a shuffled deck, Knuth's selection sampling, a multinomial with a
 * fixed total), never from independent Bernoulli draws.
 *
 * Standalone on purpose: it does not link the core library.
 * Build: gcc -std=c11 -O2 -Wall -Wextra -o gendemo gendemo.c \
 *            $(pkg-config --cflags --libs gsl)
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* ======================================================================
 * Published targets
 * ====================================================================== */

/* Headline figures of the Québec "projet pilote de travail de proximité
 * auprès des familles isolées ayant de jeunes enfants", participation
 * reports January 2024 – March 2025, as listed in the project's design
 * (DESIGN.md, "The default dataset").  Reproduced exactly at --scale 1;
 * the per-person counts are multiplied by the scale. */
static const struct pilot_targets {
    int territories, regions;                     /* fixed at any scale */
    int carrier_ocf, carrier_cpsc, carrier_both;  /* 41 + 7 + 2 = 50 */
    long families, isolated;                      /* 5 305, 3 236 (61.0 %) */
    long children, young_children;                /* 10 036, 5 921 (59.0 %) */
    long referrals, headline_referrals;           /* 10 241, 8 500 (83.0 %) */
} PILOT = {50, 13, 41, 7, 2, 5305, 3236, 10036, 5921, 10241, 8500};

typedef struct { int y, m, d; } civil_date;

static const civil_date PERIOD_START = {2024, 1, 1};
static const civil_date PERIOD_END = {2025, 3, 31};

/* ======================================================================
 * Dataset settings (config.csv)
 * ====================================================================== */

#define YOUNG_AGE_MAX 5       /* "young children" are aged 0..5 */
#define MAX_CHILD_AGE 17
#define SMALL_CELL_THRESHOLD 5

static const char *const TITLE_FR =
    "Projet pilote de travail de proximité auprès des familles isolées "
    "ayant de jeunes enfants";
static const char *const TITLE_EN =
    "Pilot project of outreach work with isolated families of young children";
static const char *const SOURCE_FR =
    "Rapports de participation des 50 territoires "
    "(données synthétiques de démonstration)";
static const char *const SOURCE_EN =
    "Participation reports of the 50 territories (synthetic demo data)";
static const char *const AGE_BANDS = "0-2;3-5;6-11;12-17";

/* ======================================================================
 * Code lists (codes.csv); the order is the order of tables and figures
 * ====================================================================== */

typedef struct { const char *code, *label_fr, *label_en; } code_entry;

/* Administrative regions of Québec, official numbers as codes. */
static const code_entry REGIONS[] = {
    {"01", "Bas-Saint-Laurent", "Bas-Saint-Laurent"},
    {"02", "Saguenay–Lac-Saint-Jean", "Saguenay–Lac-Saint-Jean"},
    {"03", "Capitale-Nationale", "Capitale-Nationale"},
    {"04", "Mauricie", "Mauricie"},
    {"05", "Estrie", "Estrie"},
    {"06", "Montréal", "Montréal"},
    {"07", "Outaouais", "Outaouais"},
    {"08", "Abitibi-Témiscamingue", "Abitibi-Témiscamingue"},
    {"12", "Chaudière-Appalaches", "Chaudière-Appalaches"},
    {"13", "Laval", "Laval"},
    {"14", "Lanaudière", "Lanaudière"},
    {"15", "Laurentides", "Laurentides"},
    {"16", "Montérégie", "Montérégie"},
};
#define N_REGIONS (sizeof REGIONS / sizeof REGIONS[0])

enum carrier { CARRIER_OCF, CARRIER_CPSC, CARRIER_BOTH, N_CARRIERS };
static const code_entry CARRIERS[N_CARRIERS] = {
    {"OCF", "Organisme communautaire Famille", "Community family organisation"},
    {"CPSC", "Centre de pédiatrie sociale en communauté",
     "Social pediatrics centre"},
    {"OCF+CPSC", "OCF et CPSC", "OCF and CPSC"},
};

enum reach { REACH_ORG, REACH_WOM, REACH_HSS, REACH_COLL, REACH_OTHER, N_REACH };
static const code_entry REACHES[N_REACH] = {
    {"ORG", "Présence dans d'autres organismes communautaires",
     "Presence in other community organisations"},
    {"WOM", "Bouche-à-oreille des familles déjà rejointes",
     "Word of mouth from families already reached"},
    {"HSS", "Démarchage auprès du personnel de la santé et des services sociaux",
     "Outreach to health and social-services staff"},
    {"COLL", "Activités collectives", "Collective activities"},
    {"OTHER", "Autre", "Other"},
};

enum destination {
    DEST_ORG_COMM, DEST_CPSC, /* the two headline destinations */
    DEST_CLSC, DEST_SCHOOL, DEST_HEALTH, DEST_LEGAL, DEST_OTHER, N_DEST
};
static const code_entry DESTINATIONS[N_DEST] = {
    {"ORG_COMM", "Organisme communautaire", "Community organisation"},
    {"CPSC", "Centre de pédiatrie sociale en communauté",
     "Social pediatrics centre"},
    {"CLSC", "CISSS ou CIUSSS – CLSC", "CISSS or CIUSSS – CLSC"},
    {"SCHOOL", "École ou service de garde", "School or childcare"},
    {"HEALTH", "Santé (médecin, GMF)", "Health (physician, family medicine group)"},
    {"LEGAL_IMM", "Aide juridique ou immigration", "Legal aid or immigration"},
    {"OTHER", "Autre", "Other"},
};
static const char *const HEADLINE_DESTINATIONS = "ORG_COMM;CPSC";

enum need {
    NEED_BASIC, NEED_HEALTH, NEED_PARENTING, NEED_CHILDCARE, NEED_SOCIAL,
    NEED_IMMIG, NEED_MENTAL, NEED_OTHER, N_NEED
};
static const code_entry NEEDS[N_NEED] = {
    {"BASIC", "Besoins de base (alimentation, logement, vêtements)",
     "Basic needs (food, housing, clothing)"},
    {"HEALTH", "Santé", "Health"},
    {"PARENTING", "Soutien au rôle parental", "Parenting support"},
    {"CHILDCARE", "Garde des enfants", "Childcare"},
    {"SOCIAL", "Liens sociaux et bris de l'isolement",
     "Social ties and breaking isolation"},
    {"IMMIG", "Francisation et immigration",
     "French-language learning and immigration"},
    {"MENTAL", "Santé mentale", "Mental health"},
    {"OTHER", "Autre", "Other"},
};

/* ======================================================================
 * Territories (fixed: T01..T50, the same at every scale)
 * ====================================================================== */

typedef struct { const char *name, *region; enum carrier carrier; } territory;

static const territory TERRITORIES[] = {
    {"Rimouski-Neigette", "01", CARRIER_OCF},
    {"Témiscouata", "01", CARRIER_OCF},
    {"Chicoutimi", "02", CARRIER_OCF},
    {"Domaine-du-Roy", "02", CARRIER_OCF},
    {"Limoilou", "03", CARRIER_CPSC},
    {"Vanier", "03", CARRIER_OCF},
    {"Charlesbourg", "03", CARRIER_OCF},
    {"Portneuf", "03", CARRIER_OCF},
    {"Trois-Rivières", "04", CARRIER_OCF},
    {"Shawinigan", "04", CARRIER_OCF},
    {"Mékinac", "04", CARRIER_OCF},
    {"Sherbrooke", "05", CARRIER_BOTH},
    {"Coaticook", "05", CARRIER_OCF},
    {"Le Granit", "05", CARRIER_OCF},
    {"Montréal-Nord", "06", CARRIER_CPSC},
    {"Saint-Michel", "06", CARRIER_BOTH},
    {"Parc-Extension", "06", CARRIER_OCF},
    {"Côte-des-Neiges", "06", CARRIER_CPSC},
    {"Hochelaga-Maisonneuve", "06", CARRIER_CPSC},
    {"Saint-Laurent", "06", CARRIER_OCF},
    {"Pointe-Saint-Charles", "06", CARRIER_CPSC},
    {"Rivière-des-Prairies", "06", CARRIER_OCF},
    {"LaSalle", "06", CARRIER_OCF},
    {"Villeray", "06", CARRIER_OCF},
    {"Gatineau, secteur Hull", "07", CARRIER_CPSC},
    {"Gatineau, secteur Gatineau", "07", CARRIER_OCF},
    {"Pontiac", "07", CARRIER_OCF},
    {"Rouyn-Noranda", "08", CARRIER_OCF},
    {"La Vallée-de-l'Or", "08", CARRIER_OCF},
    {"Lévis", "12", CARRIER_OCF},
    {"Beauce-Sartigan", "12", CARRIER_OCF},
    {"Les Etchemins", "12", CARRIER_OCF},
    {"Chomedey", "13", CARRIER_OCF},
    {"Pont-Viau", "13", CARRIER_OCF},
    {"Laval-des-Rapides", "13", CARRIER_OCF},
    {"Joliette", "14", CARRIER_OCF},
    {"Terrebonne", "14", CARRIER_OCF},
    {"Matawinie", "14", CARRIER_OCF},
    {"Repentigny", "14", CARRIER_OCF},
    {"Saint-Jérôme", "15", CARRIER_OCF},
    {"Thérèse-De Blainville", "15", CARRIER_OCF},
    {"Antoine-Labelle", "15", CARRIER_OCF},
    {"Les Pays-d'en-Haut", "15", CARRIER_OCF},
    {"Longueuil", "16", CARRIER_CPSC},
    {"Saint-Hyacinthe", "16", CARRIER_OCF},
    {"Brossard", "16", CARRIER_OCF},
    {"Granby", "16", CARRIER_OCF},
    {"Châteauguay", "16", CARRIER_OCF},
    {"Vaudreuil-Soulanges", "16", CARRIER_OCF},
    {"Saint-Jean-sur-Richelieu", "16", CARRIER_OCF},
};
#define N_TERRITORIES (sizeof TERRITORIES / sizeof TERRITORIES[0])

/* ======================================================================
 * Model parameters (not published: chosen to look plausible)
 * ====================================================================== */

#define DEFAULT_SEED 20250331UL
#define MAX_SCALE 10000L

/* First contacts per month, relative: ramp-up over the first months of
 * 2024, a summer and a holiday dip, then a plateau.  One entry per month of
 * the period (January 2024 .. March 2025). */
static const double MONTH_RAMP[] = {
    0.08, 0.25, 0.50, 0.75, 0.90, 1.00, 0.85, 0.90,
    1.00, 1.05, 1.00, 0.80, 0.95, 1.00, 1.05,
};
#define N_MONTHS (sizeof MONTH_RAMP / sizeof MONTH_RAMP[0])

/* Territory sizes: weights drawn from Gamma(shape, 1), so territories are
 * unevenly busy. */
#define TERRITORY_SIZE_SHAPE 3.0

static const double REACH_SHARE[N_REACH] = {0.34, 0.26, 0.20, 0.13, 0.07};

/* Children per family, 1..MAX_FAMILY_SIZE; nudged to hit the exact total. */
#define MAX_FAMILY_SIZE 6
static const double FAMILY_SIZE_SHARE[MAX_FAMILY_SIZE] = {
    0.43, 0.35, 0.14, 0.055, 0.018, 0.007,
};

/* Share of the young children that are the first child of their family
 * (so most families have a young child, as the project targets them). */
#define FIRST_CHILD_YOUNG_SHARE 0.85
static const double YOUNG_AGE_WEIGHT[YOUNG_AGE_MAX + 1] = {20, 18, 17, 16, 15, 14};
static const double OLDER_AGE_WEIGHT[MAX_CHILD_AGE - YOUNG_AGE_MAX] = {
    12, 11, 11, 10, 9, 8, 8, 7, 6, 5, 5, 4, /* ages 6..17 */
};

/* Referrals per family: a multinomial over Gamma(shape, 1) propensities,
 * higher for isolated families; about 30 % of families get none. */
#define REFERRAL_PROPENSITY_SHAPE 1.5
#define ISOLATED_REFERRAL_FACTOR 1.25

/* Referral date: the day of first contact, or an exponential delay after
 * it; delays falling after the period are redrawn uniformly inside it. */
#define SAME_DAY_REFERRAL_SHARE 0.30
#define REFERRAL_DELAY_MEAN_DAYS 40.0

/* Headline referrals go to a CPSC more often where the carrier is one. */
static const double CPSC_SHARE_BY_CARRIER[N_CARRIERS] = {0.08, 0.40, 0.30};

/* Non-headline referrals, by destination DEST_CLSC .. DEST_OTHER. */
static const double OTHER_DEST_WEIGHT[N_DEST - 2] = {40, 18, 22, 10, 10};

/* Main need given the destination (rows: destinations, columns: needs
 * BASIC HEALTH PARENTING CHILDCARE SOCIAL IMMIG MENTAL OTHER). */
static const double NEED_BY_DEST[N_DEST][N_NEED] = {
    {55, 3, 10, 5, 15, 7, 2, 3},  /* ORG_COMM */
    {15, 35, 25, 5, 5, 3, 7, 5},  /* CPSC */
    {10, 30, 20, 3, 5, 5, 22, 5}, /* CLSC */
    {5, 2, 8, 70, 8, 5, 0, 2},    /* SCHOOL */
    {2, 80, 3, 0, 0, 2, 10, 3},   /* HEALTH */
    {10, 0, 0, 0, 0, 75, 0, 15},  /* LEGAL_IMM */
    {25, 10, 10, 10, 15, 10, 5, 15}, /* OTHER */
};

/* ======================================================================
 * Questionnaires (the same at every scale): code lists, scales, items
 * ====================================================================== */

enum group { GROUP_PARENT, GROUP_WORKER, GROUP_MANAGER, GROUP_PARTNER, N_GROUPS };
static const code_entry GROUPS[N_GROUPS] = {
    {"PARENT", "Parents", "Parents"},
    {"WORKER", "Travailleuses et travailleurs de proximité", "Outreach workers"},
    {"MANAGER", "Gestionnaires des organismes porteurs",
     "Managers of carrier organisations"},
    {"PARTNER", "Partenaires", "Partners"},
};

/* What the items measure: the effects the evaluation looks for, on the
 * parents (first six) and on the professionals and resources (last four). */
enum construct {
    C_HEARD, C_ANXIETY, C_NEEDS, C_POWER, C_RESOURCES, C_ISOLATION,
    C_CONCERT, C_PRACTICES, C_PRESSURE, C_MANDATE, N_CONSTRUCTS,
    NO_CONSTRUCT = -1
};
static const code_entry CONSTRUCTS[N_CONSTRUCTS] = {
    {"HEARD", "Les parents se sentent écoutés", "Parents feel listened to"},
    {"ANXIETY", "Les parents sont moins anxieux dans leur rôle parental",
     "Parents are less anxious in their parenting role"},
    {"NEEDS", "Les besoins des familles sont comblés", "Families' needs are met"},
    {"POWER", "Les parents reprennent du pouvoir sur leur vie",
     "Parents regain power over their lives"},
    {"RESOURCES", "Les parents se tournent davantage vers les ressources de la communauté",
     "Parents turn more to community resources"},
    {"ISOLATION", "Les parents se sentent moins isolés", "Parents feel less isolated"},
    {"CONCERT", "La concertation entre les ressources est plus facile",
     "Concertation between resources is easier"},
    {"PRACTICES", "Les pratiques auprès des familles isolées ont changé",
     "Practices with isolated families have changed"},
    {"PRESSURE", "La pression sur les ressources débordées diminue",
     "Less pressure on overloaded resources"},
    {"MANDATE", "Le mandat de proximité est bien compris",
     "The outreach mandate is understood"},
};

enum missing_reason { MISSING_NONE = -1, MISSING_DK, MISSING_NA, N_MISSING };
static const code_entry MISSING_REASONS[N_MISSING] = {
    {"DK", "Ne sait pas", "Don't know"},
    {"NA", "Ne s'applique pas", "Not applicable"},
};

/* The answer codes of the missing-by-design reasons, on every scale that
 * offers them (the usual survey-tool convention). */
#define DK_VALUE 8
#define NA_VALUE 9

typedef struct {
    const char *scale_id;
    int value;
    const char *label_fr, *label_en;
    enum missing_reason missing;
} scale_value;

/* Rows of scales.csv, in order; a scale's substantive values are 1..k
 * (Likert, choice) or 1/0 (yes/no). */
static const scale_value SCALE_VALUES[] = {
    {"AGREE5", 1, "Pas du tout d'accord", "Strongly disagree", MISSING_NONE},
    {"AGREE5", 2, "Plutôt en désaccord", "Somewhat disagree", MISSING_NONE},
    {"AGREE5", 3, "Ni en accord ni en désaccord", "Neither agree nor disagree", MISSING_NONE},
    {"AGREE5", 4, "Plutôt d'accord", "Somewhat agree", MISSING_NONE},
    {"AGREE5", 5, "Tout à fait d'accord", "Strongly agree", MISSING_NONE},
    {"AGREE5", DK_VALUE, "Ne sait pas", "Don't know", MISSING_DK},
    {"AGREE5", NA_VALUE, "Ne s'applique pas", "Not applicable", MISSING_NA},
    {"AGREE4", 1, "Pas du tout d'accord", "Strongly disagree", MISSING_NONE},
    {"AGREE4", 2, "Plutôt en désaccord", "Somewhat disagree", MISSING_NONE},
    {"AGREE4", 3, "Plutôt d'accord", "Somewhat agree", MISSING_NONE},
    {"AGREE4", 4, "Tout à fait d'accord", "Strongly agree", MISSING_NONE},
    {"AGREE4", DK_VALUE, "Ne sait pas", "Don't know", MISSING_DK},
    {"YESNO", 1, "Oui", "Yes", MISSING_NONE},
    {"YESNO", 0, "Non", "No", MISSING_NONE},
    {"FREQ", 1, "Moins d'une fois par mois", "Less than once a month", MISSING_NONE},
    {"FREQ", 2, "Environ une fois par mois", "About once a month", MISSING_NONE},
    {"FREQ", 3, "Deux ou trois fois par mois", "Two or three times a month", MISSING_NONE},
    {"FREQ", 4, "Une fois par semaine ou plus", "Once a week or more", MISSING_NONE},
};
#define N_SCALE_VALUES (sizeof SCALE_VALUES / sizeof SCALE_VALUES[0])

enum item_type {
    ITEM_LIKERT4, ITEM_LIKERT5, ITEM_YESNO, ITEM_CHOICE, ITEM_NUMBER, ITEM_TEXT,
    N_ITEM_TYPES
};
static const char *const ITEM_TYPE_NAMES[N_ITEM_TYPES] = {
    "likert4", "likert5", "yesno", "choice", "number", "text",
};

/* The question bank.  An item asked to several groups is one entry (one
 * item_id), so the groups' answers can be compared.  `shift` is how much
 * easier the item is to endorse than its construct's level (latent units);
 * `mean_count` is the typical answer of a number item. */
typedef struct {
    const char *id;
    enum construct construct;
    enum item_type type;
    const char *scale; /* NULL for number and text items */
    int reverse;
    double shift, mean_count;
    const char *label_fr, *label_en;
} item_def;

#define NBSP_Q "\u202F?" /* narrow no-break space before a question mark */
#define OUTREACH_WORKER_FR "la travailleuse ou le travailleur de proximité"

static const item_def ITEM_BANK[] = {
    /* parents: feeling listened to */
    {"P_ECOUTE", C_HEARD, ITEM_LIKERT4, "AGREE4", 0, 0.3, 0,
     "Je me sens écouté·e par " OUTREACH_WORKER_FR,
     "I feel listened to by the outreach worker"},
    {"P_RESPECT", C_HEARD, ITEM_LIKERT4, "AGREE4", 0, 0.0, 0,
     "La travailleuse ou le travailleur de proximité respecte mes choix et mon rythme",
     "The outreach worker respects my choices and my pace"},
    {"P_CONFIANCE", C_HEARD, ITEM_LIKERT4, "AGREE4", 0, 0.1, 0,
     "J'ai confiance en " OUTREACH_WORKER_FR, "I trust the outreach worker"},
    /* parents: less anxious as parents */
    {"P_CONFIANT", C_ANXIETY, ITEM_LIKERT4, "AGREE4", 0, 0.2, 0,
     "Je me sens plus confiant·e dans mon rôle de parent",
     "I feel more confident in my role as a parent"},
    {"P_DEPASSE", C_ANXIETY, ITEM_LIKERT4, "AGREE4", 1, 0.0, 0,
     "Je me sens souvent dépassé·e comme parent", "I often feel overwhelmed as a parent"},
    {"P_STRESS", C_ANXIETY, ITEM_LIKERT4, "AGREE4", 0, -0.1, 0,
     "Je suis moins stressé·e face aux besoins de mes enfants",
     "I am less stressed about my children's needs"},
    /* parents: needs met */
    {"P_BESOINS_BASE", C_NEEDS, ITEM_LIKERT4, "AGREE4", 0, 0.1, 0,
     "J'ai reçu de l'aide pour mes besoins de base (nourriture, logement, vêtements)",
     "I got help with my basic needs (food, housing, clothing)"},
    {"P_AIDE_ADAPTEE", C_NEEDS, ITEM_LIKERT4, "AGREE4", 0, 0.0, 0,
     "L'aide reçue correspond à ce dont ma famille a besoin",
     "The help received matches what my family needs"},
    /* parents: power over their lives */
    {"P_CAPABLE", C_POWER, ITEM_LIKERT4, "AGREE4", 0, 0.1, 0,
     "Je me sens plus capable de faire mes démarches moi-même",
     "I feel more able to take steps on my own"},
    {"P_DECISIONS", C_POWER, ITEM_LIKERT4, "AGREE4", 0, 0.0, 0,
     "Je prends davantage de décisions pour améliorer ma situation",
     "I make more decisions to improve my situation"},
    {"P_IMPUISSANT", C_POWER, ITEM_LIKERT4, "AGREE4", 1, 0.2, 0,
     "J'ai l'impression de ne rien pouvoir changer à ma situation",
     "I feel I cannot change anything in my situation"},
    /* parents: community resources */
    {"P_CONNAIT_RESS", C_RESOURCES, ITEM_LIKERT4, "AGREE4", 0, 0.3, 0,
     "Je connais mieux les ressources de mon quartier",
     "I know the resources of my neighbourhood better"},
    {"P_FREQUENTE_ORG", C_RESOURCES, ITEM_LIKERT4, "AGREE4", 0, -0.4, 0,
     "Je fréquente maintenant un organisme communautaire",
     "I now go to a community organisation"},
    {"P_SAIT_OU_ALLER", C_RESOURCES, ITEM_LIKERT4, "AGREE4", 0, 0.2, 0,
     "Je sais à qui m'adresser quand j'ai besoin d'aide",
     "I know whom to turn to when I need help"},
    /* parents: isolation */
    {"P_MOINS_SEUL", C_ISOLATION, ITEM_LIKERT4, "AGREE4", 0, 0.2, 0,
     "Je me sens moins seul·e", "I feel less alone"},
    {"P_AUTRES_PARENTS", C_ISOLATION, ITEM_LIKERT4, "AGREE4", 0, -0.3, 0,
     "J'ai plus de contacts avec d'autres parents", "I have more contacts with other parents"},
    {"P_COMPTER_SUR", C_ISOLATION, ITEM_LIKERT4, "AGREE4", 0, 0.1, 0,
     "Je peux compter sur quelqu'un en cas de besoin",
     "I can count on someone when I need help"},
    /* parents: other kinds of questions */
    {"P_FREQ", NO_CONSTRUCT, ITEM_CHOICE, "FREQ", 0, 0.2, 0,
     "À quelle fréquence voyez-vous " OUTREACH_WORKER_FR NBSP_Q,
     "How often do you see the outreach worker?"},
    {"P_NB_CONTACTS", NO_CONSTRUCT, ITEM_NUMBER, NULL, 0, 0.0, 2.5,
     "Au cours du dernier mois, combien de fois avez-vous été en contact avec "
     OUTREACH_WORKER_FR NBSP_Q,
     "In the last month, how many times were you in contact with the outreach worker?"},
    {"P_RECOMMANDE", NO_CONSTRUCT, ITEM_YESNO, "YESNO", 0, 1.6, 0,
     "Recommanderiez-vous " OUTREACH_WORKER_FR " à une autre famille" NBSP_Q,
     "Would you recommend the outreach worker to another family?"},
    {"P_COMMENTAIRE", NO_CONSTRUCT, ITEM_TEXT, NULL, 0, 0.0, 0,
     "Qu'est-ce que " OUTREACH_WORKER_FR " a changé pour votre famille" NBSP_Q,
     "What has the outreach worker changed for your family?"},

    /* professionals: concertation */
    {"CONCERT_FACILE", C_CONCERT, ITEM_LIKERT5, "AGREE5", 0, 0.1, 0,
     "La concertation entre les ressources du territoire est plus facile depuis le début du projet",
     "Concertation between the area's resources has been easier since the project began"},
    {"CONCERT_ORIENTER", C_CONCERT, ITEM_LIKERT5, "AGREE5", 0, 0.0, 0,
     "Il est plus simple d'orienter une famille vers la bonne ressource",
     "It is easier to direct a family to the right resource"},
    {"CONCERT_CONNAISSANCE", C_CONCERT, ITEM_LIKERT5, "AGREE5", 0, 0.2, 0,
     "Les ressources du territoire se connaissent mieux entre elles",
     "The area's resources know each other better"},
    /* professionals: practices */
    {"PRAT_CHANGE", C_PRACTICES, ITEM_LIKERT5, "AGREE5", 0, 0.0, 0,
     "Les pratiques de mon organisation auprès des familles isolées ont changé",
     "My organisation's practices with isolated families have changed"},
    {"PRAT_ALLER_VERS", C_PRACTICES, ITEM_LIKERT5, "AGREE5", 0, 0.2, 0,
     "Mon organisation va davantage vers les familles au lieu d'attendre qu'elles viennent",
     "My organisation reaches out to families more instead of waiting for them to come"},
    {"PRAT_COMME_AVANT", C_PRACTICES, ITEM_LIKERT5, "AGREE5", 1, 0.0, 0,
     "Nous travaillons avec les familles isolées comme avant le projet",
     "We work with isolated families as we did before the project"},
    /* professionals: pressure on resources */
    {"PRESSION_MOINS", C_PRESSURE, ITEM_LIKERT5, "AGREE5", 0, -0.2, 0,
     "La pression sur les ressources débordées a diminué",
     "Pressure on overloaded resources has decreased"},
    {"PRESSION_PREPAREES", C_PRESSURE, ITEM_LIKERT5, "AGREE5", 0, 0.4, 0,
     "Les familles orientées arrivent mieux préparées dans les ressources",
     "Families who are referred arrive better prepared at the resources"},
    {"PRESSION_ATTENTE", C_PRESSURE, ITEM_LIKERT5, "AGREE5", 1, 0.0, 0,
     "Les listes d'attente des ressources se sont allongées avec le projet",
     "Resources' waiting lists have grown longer with the project"},
    /* professionals: the outreach mandate */
    {"MANDAT_CLAIR", C_MANDATE, ITEM_LIKERT5, "AGREE5", 0, 0.0, 0,
     "Le mandat des travailleuses et travailleurs de proximité est clair pour mon organisation",
     "The outreach workers' mandate is clear to my organisation"},
    {"MANDAT_EXPLIQUER", C_MANDATE, ITEM_LIKERT5, "AGREE5", 0, 0.2, 0,
     "Je saurais expliquer à une famille ce que fait une travailleuse ou un travailleur de proximité",
     "I could explain to a family what an outreach worker does"},
    {"MANDAT_CONFUSION", C_MANDATE, ITEM_LIKERT5, "AGREE5", 1, -0.1, 0,
     "Le rôle des travailleuses et travailleurs de proximité se confond avec celui des "
     "intervenantes et intervenants psychosociaux",
     "The outreach workers' role gets confused with that of psychosocial workers"},
    /* professionals: other kinds of questions */
    {"W_NB_FAMILLES", NO_CONSTRUCT, ITEM_NUMBER, NULL, 0, 0.0, 24.0,
     "Combien de familles accompagnez-vous actuellement" NBSP_Q,
     "How many families are you currently supporting?"},
    {"M_POURSUIVRE", NO_CONSTRUCT, ITEM_YESNO, "YESNO", 0, 1.5, 0,
     "Votre organisation souhaite-t-elle poursuivre le projet après la phase pilote" NBSP_Q,
     "Does your organisation wish to continue the project after the pilot phase?"},
    {"PA_ACCUEIL", NO_CONSTRUCT, ITEM_YESNO, "YESNO", 0, 0.7, 0,
     "Avez-vous accueilli des familles orientées par une travailleuse ou un travailleur "
     "de proximité" NBSP_Q,
     "Have you welcomed families directed to you by an outreach worker?"},
    {"COMMENTAIRE", NO_CONSTRUCT, ITEM_TEXT, NULL, 0, 0.0, 0,
     "Y a-t-il autre chose que vous aimeriez nous dire sur le projet" NBSP_Q,
     "Is there anything else you would like to tell us about the project?"},
};
#define N_ITEM_BANK (sizeof ITEM_BANK / sizeof ITEM_BANK[0])

/* ======================================================================
 * Questionnaires: the four instruments and how their answers are drawn
 * ====================================================================== */

/* Answers come from a latent level per respondent and construct:
 *     level = group mean + spread * (HALO * general + HALO_REST * own)
 * with general and own standard normal (general is the respondent's overall
 * positivity, shared by the constructs); an item's answer is
 *     level + item shift + N(0, ITEM_NOISE_SD)
 * cut at unit steps centred on 0 into the scale's k points (mirrored for a
 * reverse-coded item).  Items without construct use the general level.  So
 * the items of a construct correlate (Cronbach's alpha about 0.7-0.85). */
#define HALO 0.5
#define HALO_REST 0.8660254037844386 /* sqrt(1 - HALO^2) */
#define ITEM_NOISE_SD 0.7
#define COUNT_LATENT_WEIGHT 0.4 /* number items: mean_count * exp(w * level) */

/* Per group and item: shares of "don't know" and "not applicable". */
typedef struct { const char *item; double dk, na; } item_use;

/* A column of a survey tool's export: its own name, what it is (an item_id,
 * respondent_id, region, or "-" for the tool's bookkeeping) and the page of
 * the questionnaire it is on (a respondent who gave up answered the pages
 * up to `lastpage` only). */
typedef struct { const char *column, *target; int page; } export_column;

typedef struct { const char *const *text; size_t n; } text_pool;
#define POOL(a) {a, sizeof a / sizeof a[0]}
#define ITEMS(a) .items = a, .n_items = sizeof a / sizeof a[0]
#define EXPORT(a) .export = a, .n_export = sizeof a / sizeof a[0]

typedef struct {
    const char *id;
    enum group group;
    const char *title_fr, *title_en;
    const char *responses;  /* the file named in instruments.csv */
    const char *written_as; /* the CSV gendemo writes (converted by PSPP if different) */
    const char *mapping;    /* "" when the columns are named by item_id */
    int invited;            /* -1: unknown (empty in instruments.csv) */
    int respondents;
    int has_region;
    const item_use *items;
    size_t n_items;
    const export_column *export; /* NULL: respondent_id, [region], items */
    size_t n_export;
    double mean[N_CONSTRUCTS]; /* group's latent level per construct */
    double spread;             /* between-respondent standard deviation */
    double no_answer;          /* share of cells left empty */
    double comment_share;      /* share of respondents writing a comment */
    text_pool praise, critique, praise_en, critique_en; /* by general level */
} instrument_def;

static const item_use PARENT_ITEMS[] = {
    {"P_FREQ", 0, 0}, {"P_NB_CONTACTS", 0, 0},
    {"P_ECOUTE", 0, 0}, {"P_RESPECT", 0, 0}, {"P_CONFIANCE", 0, 0},
    {"P_CONFIANT", 0, 0}, {"P_DEPASSE", 0, 0}, {"P_STRESS", 0.03, 0},
    {"P_BESOINS_BASE", 0, 0}, {"P_AIDE_ADAPTEE", 0.04, 0},
    {"P_CAPABLE", 0, 0}, {"P_DECISIONS", 0.02, 0}, {"P_IMPUISSANT", 0.02, 0},
    {"P_CONNAIT_RESS", 0, 0}, {"P_FREQUENTE_ORG", 0.04, 0}, {"P_SAIT_OU_ALLER", 0.02, 0},
    {"P_MOINS_SEUL", 0, 0}, {"P_AUTRES_PARENTS", 0.03, 0}, {"P_COMPTER_SUR", 0, 0},
    {"P_RECOMMANDE", 0, 0}, {"P_COMMENTAIRE", 0, 0},
};

/* The parents answered on LimeSurvey: its export names the columns after
 * the question codes (arrays as Q03[SQ001]) and adds its bookkeeping. */
static const export_column PARENT_EXPORT[] = {
    {"id", "respondent_id", 0},
    {"submitdate", "-", 0},
    {"lastpage", "-", 0},
    {"startlanguage", "-", 0},
    {"REGION", "region", 1},
    {"Q01", "P_FREQ", 1},
    {"Q02", "P_NB_CONTACTS", 1},
    {"Q03[SQ001]", "P_ECOUTE", 2},
    {"Q03[SQ002]", "P_RESPECT", 2},
    {"Q03[SQ003]", "P_CONFIANCE", 2},
    {"Q03[SQ004]", "P_CONFIANT", 2},
    {"Q03[SQ005]", "P_DEPASSE", 2},
    {"Q03[SQ006]", "P_STRESS", 2},
    {"Q03[SQ007]", "P_BESOINS_BASE", 2},
    {"Q03[SQ008]", "P_AIDE_ADAPTEE", 2},
    {"Q04[SQ001]", "P_CAPABLE", 3},
    {"Q04[SQ002]", "P_DECISIONS", 3},
    {"Q04[SQ003]", "P_IMPUISSANT", 3},
    {"Q04[SQ004]", "P_CONNAIT_RESS", 3},
    {"Q04[SQ005]", "P_FREQUENTE_ORG", 3},
    {"Q04[SQ006]", "P_SAIT_OU_ALLER", 3},
    {"Q04[SQ007]", "P_MOINS_SEUL", 3},
    {"Q04[SQ008]", "P_AUTRES_PARENTS", 3},
    {"Q04[SQ009]", "P_COMPTER_SUR", 3},
    {"Q05", "P_RECOMMANDE", 4},
    {"Q06", "P_COMMENTAIRE", 4},
};

static const item_use WORKER_ITEMS[] = {
    {"CONCERT_FACILE", 0, 0}, {"CONCERT_ORIENTER", 0, 0}, {"CONCERT_CONNAISSANCE", 0, 0},
    {"PRAT_CHANGE", 0, 0}, {"PRAT_ALLER_VERS", 0, 0}, {"PRAT_COMME_AVANT", 0, 0},
    {"PRESSION_MOINS", 0.06, 0}, {"PRESSION_PREPAREES", 0.04, 0},
    {"PRESSION_ATTENTE", 0.08, 0},
    {"MANDAT_CLAIR", 0, 0}, {"MANDAT_EXPLIQUER", 0, 0}, {"MANDAT_CONFUSION", 0, 0},
    {"W_NB_FAMILLES", 0, 0}, {"COMMENTAIRE", 0, 0},
};

static const item_use MANAGER_ITEMS[] = {
    {"CONCERT_FACILE", 0, 0}, {"CONCERT_ORIENTER", 0, 0}, {"CONCERT_CONNAISSANCE", 0.03, 0},
    {"PRAT_CHANGE", 0, 0}, {"PRAT_ALLER_VERS", 0, 0}, {"PRAT_COMME_AVANT", 0, 0},
    {"PRESSION_MOINS", 0.05, 0}, {"PRESSION_PREPAREES", 0.05, 0},
    {"PRESSION_ATTENTE", 0.05, 0.04},
    {"MANDAT_CLAIR", 0, 0}, {"MANDAT_EXPLIQUER", 0, 0}, {"MANDAT_CONFUSION", 0.02, 0},
    {"M_POURSUIVRE", 0, 0}, {"COMMENTAIRE", 0, 0},
};

static const item_use PARTNER_ITEMS[] = {
    {"CONCERT_FACILE", 0.04, 0}, {"CONCERT_CONNAISSANCE", 0.04, 0},
    {"PRAT_CHANGE", 0.03, 0.03}, {"PRAT_ALLER_VERS", 0.03, 0.03},
    {"PRESSION_MOINS", 0.05, 0}, {"PRESSION_PREPAREES", 0.04, 0.06},
    {"PRESSION_ATTENTE", 0.06, 0},
    {"MANDAT_CLAIR", 0.07, 0}, {"MANDAT_EXPLIQUER", 0.03, 0}, {"MANDAT_CONFUSION", 0.10, 0},
    {"PA_ACCUEIL", 0, 0}, {"COMMENTAIRE", 0, 0},
};

static const char *const PARENT_PRAISE[] = {
    "Elle m'a aidée à trouver une place en garderie pour ma fille.",
    "Je me sens moins seule depuis que je vais aux activités de l'organisme.",
    "Merci pour votre écoute, ça fait du bien de parler à quelqu'un qui ne juge pas.",
    "Grâce à lui, on a eu accès à la banque alimentaire et à des vêtements d'hiver.",
    "Elle m'a accompagnée au CLSC, je n'y serais jamais allée seule.",
    "J'ai rencontré d'autres mamans du quartier, on se voit maintenant au parc.",
    "Elle parle ma langue, ça change tout pour comprendre les démarches.",
    "Il est venu chez nous, à notre rythme, sans rendez-vous compliqué.",
};
static const char *const PARENT_CRITIQUE[] = {
    "J'aimerais la voir plus souvent, mais je sais qu'elle a beaucoup de familles.",
    "Les ressources proposées sont trop loin de chez moi, sans voiture c'est difficile.",
    "C'est bien, mais mon problème de logement n'est toujours pas réglé.",
    "Il faudrait des activités le soir ou la fin de semaine, je travaille le jour.",
};
static const char *const PARENT_PRAISE_EN[] = {
    "She helped me find a daycare spot for my daughter.",
    "Thank you for listening, it helps to talk to someone who does not judge.",
    "I met other parents from the neighbourhood, we now meet at the park.",
};
static const char *const PARENT_CRITIQUE_EN[] = {
    "I would like to see her more often, but I know she has many families.",
    "The services offered are far from home, and I have no car.",
};
static const char *const WORKER_PRAISE[] = {
    "Les partenaires nous appellent maintenant directement quand une famille a besoin "
    "d'être accompagnée.",
    "La table de concertation du quartier s'est approprié le projet.",
    "Le lien de confiance prend du temps, mais une fois établi, les familles reviennent vers nous.",
};
static const char *const WORKER_CRITIQUE[] = {
    "On nous demande encore de faire du suivi psychosocial, ce n'est pas notre mandat.",
    "Les ressources où l'on oriente les familles ont des listes d'attente de plusieurs mois.",
    "Le territoire est grand et les déplacements prennent une bonne partie de la semaine.",
};
static const char *const MANAGER_PRAISE[] = {
    "Le projet a changé notre façon d'aller vers les familles qu'on ne voyait jamais.",
    "Nos liens avec le CLSC et les écoles se sont renforcés.",
};
static const char *const MANAGER_CRITIQUE[] = {
    "Le financement à court terme rend difficile la rétention du personnel.",
    "Il a fallu expliquer plusieurs fois le rôle de notre travailleuse de proximité aux partenaires.",
    "L'arrimage avec le réseau de la santé et des services sociaux reste à construire.",
};
static const char *const PARTNER_PRAISE[] = {
    "Les familles arrivent chez nous mieux préparées, avec leurs papiers.",
    "La travailleuse de proximité est une alliée précieuse pour rejoindre les familles isolées.",
};
static const char *const PARTNER_CRITIQUE[] = {
    "Je ne vois pas bien la différence entre la travailleuse de proximité et nos intervenantes.",
    "On nous oriente des familles alors que nous sommes déjà débordés.",
    "Le rôle n'a jamais été présenté clairement à notre équipe\u202F: "
    "«\u202Fproximité\u202F» reste un mot flou.",
};

/* Group means: parents mostly agree (a 4-point scale: agreeing is a level
 * above 0); professionals agree that concertation is easier and practices
 * changed, are divided on the pressure on resources; on the mandate the
 * workers and managers agree but the partners are split. */
static const instrument_def INSTRUMENTS[] = {
    {.id = "Q_PARENTS", .group = GROUP_PARENT,
     .title_fr = "Questionnaire aux parents", .title_en = "Parents' questionnaire",
     .responses = "responses_parents.csv", .written_as = "responses_parents.csv",
     .mapping = "mapping_parents.csv", .invited = -1, .respondents = 318, .has_region = 1,
     ITEMS(PARENT_ITEMS), EXPORT(PARENT_EXPORT),
     .mean = {[C_HEARD] = 1.5, [C_ANXIETY] = 0.6, [C_NEEDS] = 0.9, [C_POWER] = 0.7,
              [C_RESOURCES] = 0.8, [C_ISOLATION] = 0.8},
     .spread = 0.9, .no_answer = 0.02, .comment_share = 0.40,
     .praise = POOL(PARENT_PRAISE), .critique = POOL(PARENT_CRITIQUE),
     .praise_en = POOL(PARENT_PRAISE_EN), .critique_en = POOL(PARENT_CRITIQUE_EN)},
    {.id = "Q_WORKERS", .group = GROUP_WORKER,
     .title_fr = "Questionnaire aux travailleuses et travailleurs de proximité",
     .title_en = "Outreach workers' questionnaire",
     .responses = "responses_workers.csv", .written_as = "responses_workers.csv",
     .mapping = "", .invited = 55, .respondents = 50, .has_region = 1,
     ITEMS(WORKER_ITEMS),
     .mean = {[C_CONCERT] = 1.3, [C_PRACTICES] = 1.1, [C_PRESSURE] = 0.0, [C_MANDATE] = 1.5},
     .spread = 0.9, .no_answer = 0.01, .comment_share = 0.50,
     .praise = POOL(WORKER_PRAISE), .critique = POOL(WORKER_CRITIQUE)},
    {.id = "Q_MANAGERS", .group = GROUP_MANAGER,
     .title_fr = "Questionnaire aux gestionnaires des organismes porteurs",
     .title_en = "Questionnaire for managers of carrier organisations",
     .responses = "responses_managers.csv", .written_as = "responses_managers.csv",
     .mapping = "", .invited = 50, .respondents = 45, .has_region = 0,
     ITEMS(MANAGER_ITEMS),
     .mean = {[C_CONCERT] = 1.1, [C_PRACTICES] = 1.0, [C_PRESSURE] = -0.1, [C_MANDATE] = 1.2},
     .spread = 0.9, .no_answer = 0.015, .comment_share = 0.45,
     .praise = POOL(MANAGER_PRAISE), .critique = POOL(MANAGER_CRITIQUE)},
    {.id = "Q_PARTNERS", .group = GROUP_PARTNER,
     .title_fr = "Questionnaire aux partenaires", .title_en = "Partners' questionnaire",
     .responses = "responses_partners.sav", .written_as = "responses_partners.csv",
     .mapping = "", .invited = 240, .respondents = 180, .has_region = 0,
     ITEMS(PARTNER_ITEMS),
     .mean = {[C_CONCERT] = 0.8, [C_PRACTICES] = 0.5, [C_PRESSURE] = -0.4, [C_MANDATE] = -0.3},
     .spread = 1.05, .no_answer = 0.03, .comment_share = 0.35,
     .praise = POOL(PARTNER_PRAISE), .critique = POOL(PARTNER_CRITIQUE)},
};
#define N_INSTRUMENTS (sizeof INSTRUMENTS / sizeof INSTRUMENTS[0])

/* The questionnaires draw from their own generator, seeded from --seed
 * only, so they are the same at every --scale. */
#define QUESTIONNAIRE_SEED_OFFSET 104729UL

/* LimeSurvey bookkeeping of the parents' export: who gave up before the
 * end (and on which page), who started in English, when it was submitted. */
#define BREAKOFF_SHARE 0.05
#define ENGLISH_SHARE 0.06
#define DELETED_ID_SHARE 0.06 /* ids skipped (test or deleted responses) */
static const civil_date SURVEY_START = {2025, 1, 20};
#define SURVEY_DAYS 49
#define SURVEY_FIRST_HOUR 7  /* submissions between 7:00 and 23:00 */
#define SURVEY_HOURS 16

/* Workers: one per territory, a few more in the busiest; 55 invited. */
#define EXTRA_WORKERS 5

/* ======================================================================
 * Exit statuses and errors
 * ====================================================================== */

enum { EXIT_USAGE = 2, EXIT_IO = 3 };

static const char *current_tmp; /* temporary file to remove on error */

static void die_io(const char *path, int err)
{
    fprintf(stderr, "gendemo: %s: %s\n", path, strerror(err));
    if (current_tmp)
        remove(current_tmp);
    exit(EXIT_IO);
}

static void die_internal(const char *what)
{
    fprintf(stderr, "gendemo: internal error: %s\n", what);
    exit(EXIT_IO);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        die_io("memory", ENOMEM);
    return p;
}

/* ======================================================================
 * Calendar (proleptic Gregorian, days since 1970-01-01; H. Hinnant)
 * ====================================================================== */

static long days_from_civil(civil_date c)
{
    long y = c.y - (c.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (c.m > 2 ? c.m - 3 : c.m + 9) + 2) / 5 + c.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static civil_date civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    civil_date c;
    c.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    c.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    c.y = (int)(yoe + era * 400 + (c.m <= 2));
    return c;
}

/* "YYYY-MM-DD" (years 0..9999) into out[11]. */
static void format_date(char out[11], civil_date c)
{
    int v[3] = {c.y, c.m, c.d}, width[3] = {4, 2, 2};
    char *p = out;
    for (int i = 0; i < 3; i++) {
        for (int k = width[i] - 1, x = v[i]; k >= 0; k--, x /= 10)
            p[k] = (char)('0' + x % 10);
        p += width[i];
        *p++ = i < 2 ? '-' : '\0';
    }
}

/* The period as day offsets 0..n_days-1, with every date preformatted. */
static struct {
    long first;       /* days since 1970 of PERIOD_START */
    int n_days;
    char (*text)[11]; /* text[i] is "YYYY-MM-DD" of day i */
    int month_first[N_MONTHS], month_last[N_MONTHS];
} period;

static void period_init(void)
{
    period.first = days_from_civil(PERIOD_START);
    period.n_days = (int)(days_from_civil(PERIOD_END) - period.first + 1);
    period.text = xcalloc((size_t)period.n_days, sizeof *period.text);
    for (int i = 0; i < period.n_days; i++)
        format_date(period.text[i], civil_from_days(period.first + i));

    civil_date c = PERIOD_START;
    size_t m = 0;
    for (int i = 0; i < period.n_days; m++) {
        civil_date next = {c.y + (c.m == 12), c.m % 12 + 1, 1};
        int last = (int)(days_from_civil(next) - period.first - 1);
        if (m >= N_MONTHS)
            die_internal("MONTH_RAMP has fewer entries than the period has months");
        period.month_first[m] = i;
        period.month_last[m] = last < period.n_days - 1 ? last : period.n_days - 1;
        i = period.month_last[m] + 1;
        c = next;
    }
    if (m != N_MONTHS)
        die_internal("MONTH_RAMP has more entries than the period has months");
}

/* ======================================================================
 * Exact allocation
 * ====================================================================== */

/* Split total into k counts proportional to w (largest remainders; ties go
 * to the lower index), so the counts add up to total exactly. */
static void apportion(const double *w, size_t k, long total, long *out)
{
    double sum = 0, frac[64];
    long given = 0;
    if (k > sizeof frac / sizeof frac[0])
        die_internal("apportion: too many categories");
    for (size_t i = 0; i < k; i++)
        sum += w[i];
    for (size_t i = 0; i < k; i++) {
        double q = (double)total * w[i] / sum;
        out[i] = (long)q;
        frac[i] = q - (double)out[i];
        given += out[i];
    }
    for (; given < total; given++) {
        size_t best = 0;
        for (size_t i = 1; i < k; i++)
            if (frac[i] > frac[best])
                best = i;
        out[best]++;
        frac[best] = -1;
    }
}

/* Fill deck[0..n-1] with counts[c] copies of each category c, shuffled. */
static void deal(gsl_rng *r, const long *counts, size_t k,
                 unsigned char *deck, size_t n)
{
    size_t pos = 0;
    for (size_t c = 0; c < k; c++)
        for (long j = 0; j < counts[c]; j++)
            deck[pos++] = (unsigned char)c;
    if (pos != n)
        die_internal("deal: counts do not add up");
    gsl_ran_shuffle(r, deck, n, sizeof *deck);
}

/* Selection sampling (Knuth, TAOCP 3.4.2 algorithm S): called once per item
 * in order, returns 1 for exactly *need of the *left items. */
static int take(gsl_rng *r, long *need, long *left)
{
    int yes = (double)*left * gsl_rng_uniform(r) < (double)*need;
    (*left)--;
    if (yes)
        (*need)--;
    return yes;
}

/* ======================================================================
 * Output files: temporary name, big buffer, rename
 * ====================================================================== */

#define OUT_BUFFER_SIZE (1 << 20)

typedef struct {
    FILE *fp;
    char path[4096], tmp[4096];
} out_file;

static char out_buffer[OUT_BUFFER_SIZE]; /* one file is open at a time */

static void out_open(out_file *o, const char *dir, const char *name)
{
    if ((size_t)snprintf(o->path, sizeof o->path, "%s/%s", dir, name) >= sizeof o->path ||
        (size_t)snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp", dir, name) >= sizeof o->tmp)
        die_io(dir, ENAMETOOLONG);
    o->fp = fopen(o->tmp, "wb");
    if (!o->fp)
        die_io(o->tmp, errno);
    current_tmp = o->tmp;
    setvbuf(o->fp, out_buffer, _IOFBF, sizeof out_buffer);
}

static void out_close(out_file *o)
{
    int bad = ferror(o->fp);
    if (fclose(o->fp) != 0 || bad)
        die_io(o->tmp, errno ? errno : EIO);
    if (rename(o->tmp, o->path) != 0)
        die_io(o->path, errno);
    current_tmp = NULL;
}

/* One CSV field, quoted (RFC 4180) only when it holds , " CR or LF. */
static void csv_field(FILE *fp, const char *s, int last)
{
    if (strpbrk(s, ",\"\r\n")) {
        putc('"', fp);
        for (; *s; s++) {
            if (*s == '"')
                putc('"', fp);
            putc(*s, fp);
        }
        putc('"', fp);
    } else {
        fputs(s, fp);
    }
    putc(last ? '\n' : ',', fp);
}

static void csv_row(FILE *fp, int n, const char *const *fields)
{
    for (int i = 0; i < n; i++)
        csv_field(fp, fields[i], i == n - 1);
}

/* Fast row building for the big files (ids, numbers and dates never need
 * quoting, code values have no comma). */
static char *put_str(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

static char *put_num(char *p, unsigned long v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width)
        tmp[n++] = '0';
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_id(char *p, char prefix, long n, int width)
{
    *p++ = prefix;
    return put_num(p, (unsigned long)n, width);
}

/* Digits of the zero-padded ids: at least 6, more if the count needs it. */
static int id_width(long count)
{
    int w = 1;
    for (long v = count; v >= 10; v /= 10)
        w++;
    return w < 6 ? 6 : w;
}

/* ======================================================================
 * The generated population
 * ====================================================================== */

typedef struct {
    long n_families, n_isolated, n_children, n_young, n_referrals, n_headline;
    int *first_contact;        /* day offset in the period */
    unsigned char *territory;  /* index in TERRITORIES */
    unsigned char *isolated;   /* 0 / 1 */
    unsigned char *reach;      /* enum reach */
    unsigned char *n_kids;     /* 1..MAX_FAMILY_SIZE */
    unsigned int *n_refs;      /* 0.. */
    unsigned int max_refs;
} population;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* First contacts: exact count per month following MONTH_RAMP, uniform day
 * within the month; families are numbered in date order. */
static void draw_first_contacts(gsl_rng *r, population *p)
{
    long per_month[N_MONTHS];
    apportion(MONTH_RAMP, N_MONTHS, p->n_families, per_month);
    long f = 0;
    for (size_t m = 0; m < N_MONTHS; m++) {
        int lo = period.month_first[m];
        unsigned long span = (unsigned long)(period.month_last[m] - lo + 1);
        long start = f;
        for (long j = 0; j < per_month[m]; j++)
            p->first_contact[f++] = lo + (int)gsl_rng_uniform_int(r, span);
        qsort(p->first_contact + start, (size_t)per_month[m], sizeof(int), cmp_int);
    }
}

/* Territories: exact counts proportional to Gamma weights, dealt out. */
static void draw_territories(gsl_rng *r, population *p)
{
    double w[N_TERRITORIES];
    long counts[N_TERRITORIES];
    for (size_t t = 0; t < N_TERRITORIES; t++)
        w[t] = gsl_ran_gamma(r, TERRITORY_SIZE_SHAPE, 1.0);
    apportion(w, N_TERRITORIES, p->n_families, counts);
    deal(r, counts, N_TERRITORIES, p->territory, (size_t)p->n_families);
}

static void draw_isolated(gsl_rng *r, population *p)
{
    long need = p->n_isolated, left = p->n_families;
    for (long f = 0; f < p->n_families; f++)
        p->isolated[f] = (unsigned char)take(r, &need, &left);
}

static void draw_reach(gsl_rng *r, population *p)
{
    long counts[N_REACH];
    apportion(REACH_SHARE, N_REACH, p->n_families, counts);
    deal(r, counts, N_REACH, p->reach, (size_t)p->n_families);
}

/* Family sizes: counts by size from FAMILY_SIZE_SHARE, then families moved
 * one size up or down until the children add up exactly. */
static void draw_family_sizes(gsl_rng *r, population *p)
{
    long counts[MAX_FAMILY_SIZE]; /* counts[s] families of s+1 children */
    apportion(FAMILY_SIZE_SHARE, MAX_FAMILY_SIZE, p->n_families, counts);
    long kids = 0;
    for (int s = 0; s < MAX_FAMILY_SIZE; s++)
        kids += (s + 1) * counts[s];
    while (kids != p->n_children) {
        int up = kids < p->n_children, s;
        /* smallest size that can grow, or smallest above 1 that can shrink */
        for (s = up ? 0 : 1; s < MAX_FAMILY_SIZE - up && counts[s] == 0; s++)
            ;
        if (s >= MAX_FAMILY_SIZE - up)
            die_internal("children cannot be spread over the families");
        counts[s]--;
        counts[up ? s + 1 : s - 1]++;
        kids += up ? 1 : -1;
    }
    deal(r, counts, MAX_FAMILY_SIZE, p->n_kids, (size_t)p->n_families);
    for (long f = 0; f < p->n_families; f++)
        p->n_kids[f]++; /* category s is s+1 children */
}

/* Referrals per family: one multinomial draw with the exact total. */
static void draw_referral_counts(gsl_rng *r, population *p)
{
    double *w = xcalloc((size_t)p->n_families, sizeof *w);
    for (long f = 0; f < p->n_families; f++)
        w[f] = gsl_ran_gamma(r, REFERRAL_PROPENSITY_SHAPE, 1.0) *
               (p->isolated[f] ? ISOLATED_REFERRAL_FACTOR : 1.0);
    gsl_ran_multinomial(r, (size_t)p->n_families, (unsigned int)p->n_referrals,
                        w, p->n_refs);
    free(w);
    p->max_refs = 0;
    for (long f = 0; f < p->n_families; f++)
        if (p->n_refs[f] > p->max_refs)
            p->max_refs = p->n_refs[f];
}

static void population_draw(gsl_rng *r, long scale, population *p)
{
    p->n_families = PILOT.families * scale;
    p->n_isolated = PILOT.isolated * scale;
    p->n_children = PILOT.children * scale;
    p->n_young = PILOT.young_children * scale;
    p->n_referrals = PILOT.referrals * scale;
    p->n_headline = PILOT.headline_referrals * scale;

    size_t n = (size_t)p->n_families;
    p->first_contact = xcalloc(n, sizeof *p->first_contact);
    p->territory = xcalloc(n, 1);
    p->isolated = xcalloc(n, 1);
    p->reach = xcalloc(n, 1);
    p->n_kids = xcalloc(n, 1);
    p->n_refs = xcalloc(n, sizeof *p->n_refs);

    draw_first_contacts(r, p);
    draw_territories(r, p);
    draw_isolated(r, p);
    draw_reach(r, p);
    draw_family_sizes(r, p);
    draw_referral_counts(r, p);
}

static void population_free(population *p)
{
    free(p->first_contact);
    free(p->territory);
    free(p->isolated);
    free(p->reach);
    free(p->n_kids);
    free(p->n_refs);
}

/* ======================================================================
 * Small files: config, codes, territories
 * ====================================================================== */

static void write_config(const char *dir)
{
    char start[11], end[11], threshold[16], young[16], max_age[16];
    format_date(start, PERIOD_START);
    format_date(end, PERIOD_END);
    snprintf(threshold, sizeof threshold, "%d", SMALL_CELL_THRESHOLD);
    snprintf(young, sizeof young, "%d", YOUNG_AGE_MAX);
    snprintf(max_age, sizeof max_age, "%d", MAX_CHILD_AGE);
    const char *rows[][2] = {
        {"key", "value"},
        {"title_fr", TITLE_FR},
        {"title_en", TITLE_EN},
        {"source_fr", SOURCE_FR},
        {"source_en", SOURCE_EN},
        {"period_start", start},
        {"period_end", end},
        {"lang", "fr"},
        {"small_cell_threshold", threshold},
        {"young_age_max", young},
        {"age_bands", AGE_BANDS},
        {"headline_destinations", HEADLINE_DESTINATIONS},
        {"max_child_age", max_age},
        {"delimiter", "auto"},
        {"decimal", "."},
        {"encoding", "auto"},
    };
    out_file o;
    out_open(&o, dir, "config.csv");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        csv_row(o.fp, 2, rows[i]);
    out_close(&o);
}

static void write_code_list(FILE *fp, const char *list, const code_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *row[] = {list, e[i].code, e[i].label_fr, e[i].label_en};
        csv_row(fp, 4, row);
    }
}

static void write_codes(const char *dir)
{
    static const char *const header[] = {"list", "code", "label_fr", "label_en"};
    out_file o;
    out_open(&o, dir, "codes.csv");
    csv_row(o.fp, 4, header);
    write_code_list(o.fp, "region", REGIONS, N_REGIONS);
    write_code_list(o.fp, "carrier", CARRIERS, N_CARRIERS);
    write_code_list(o.fp, "reach", REACHES, N_REACH);
    write_code_list(o.fp, "destination", DESTINATIONS, N_DEST);
    write_code_list(o.fp, "need", NEEDS, N_NEED);
    write_code_list(o.fp, "group", GROUPS, N_GROUPS);
    write_code_list(o.fp, "construct", CONSTRUCTS, N_CONSTRUCTS);
    write_code_list(o.fp, "missing", MISSING_REASONS, N_MISSING);
    out_close(&o);
}

static void write_territories(const char *dir)
{
    static const char *const header[] = {"territory_id", "name", "region", "carrier"};
    out_file o;
    out_open(&o, dir, "territories.csv");
    csv_row(o.fp, 4, header);
    for (size_t t = 0; t < N_TERRITORIES; t++) {
        char id[8];
        snprintf(id, sizeof id, "T%02u", (unsigned)(t + 1) % 100);
        const char *row[] = {id, TERRITORIES[t].name, TERRITORIES[t].region,
                             CARRIERS[TERRITORIES[t].carrier].code};
        csv_row(o.fp, 4, row);
    }
    out_close(&o);
}

/* ======================================================================
 * Big files: families, children, referrals
 * ====================================================================== */

static void write_families(const char *dir, const population *p)
{
    int w = id_width(p->n_families);
    char line[256];
    out_file o;
    out_open(&o, dir, "families.csv");
    fputs("family_id,territory_id,first_contact,isolated,reached_by\n", o.fp);
    for (long f = 0; f < p->n_families; f++) {
        char *q = put_id(line, 'F', f + 1, w);
        *q++ = ',';
        q = put_id(q, 'T', p->territory[f] + 1, 2);
        *q++ = ',';
        q = put_str(q, period.text[p->first_contact[f]]);
        *q++ = ',';
        q = put_str(q, p->isolated[f] ? "oui" : "non");
        *q++ = ',';
        q = put_str(q, REACHES[p->reach[f]].code);
        *q++ = '\n';
        fwrite(line, 1, (size_t)(q - line), o.fp);
    }
    out_close(&o);
}

static int cmp_int_desc(const void *a, const void *b)
{
    return cmp_int(b, a);
}

/* Ages: the first child of each family is a "tier A" item, the others
 * "tier B"; exactly FIRST_CHILD_YOUNG_SHARE of the young children are
 * chosen in tier A and the rest in tier B, by selection sampling.  Children
 * are listed eldest first. */
static void write_children(const char *dir, gsl_rng *r, const population *p)
{
    long young_a = (long)(FIRST_CHILD_YOUNG_SHARE * (double)p->n_young + 0.5);
    if (young_a > p->n_families)
        young_a = p->n_families;
    long young_b = p->n_young - young_a;
    long left_a = p->n_families, left_b = p->n_children - p->n_families;
    if (young_b > left_b)
        die_internal("too many young children for the families");

    gsl_ran_discrete_t *young_age = gsl_ran_discrete_preproc(
        YOUNG_AGE_MAX + 1, YOUNG_AGE_WEIGHT);
    gsl_ran_discrete_t *older_age = gsl_ran_discrete_preproc(
        MAX_CHILD_AGE - YOUNG_AGE_MAX, OLDER_AGE_WEIGHT);
    if (!young_age || !older_age)
        die_io("memory", ENOMEM);

    int fw = id_width(p->n_families), cw = id_width(p->n_children);
    long child = 0;
    char line[256];
    out_file o;
    out_open(&o, dir, "children.csv");
    fputs("child_id,family_id,age\n", o.fp);
    for (long f = 0; f < p->n_families; f++) {
        int ages[MAX_FAMILY_SIZE];
        int n = p->n_kids[f];
        for (int k = 0; k < n; k++) {
            int young = k == 0 ? take(r, &young_a, &left_a) : take(r, &young_b, &left_b);
            ages[k] = young ? (int)gsl_ran_discrete(r, young_age)
                            : YOUNG_AGE_MAX + 1 + (int)gsl_ran_discrete(r, older_age);
        }
        qsort(ages, (size_t)n, sizeof ages[0], cmp_int_desc);
        for (int k = 0; k < n; k++) {
            char *q = put_id(line, 'C', ++child, cw);
            *q++ = ',';
            q = put_id(q, 'F', f + 1, fw);
            *q++ = ',';
            q = put_num(q, (unsigned long)ages[k], 1);
            *q++ = '\n';
            fwrite(line, 1, (size_t)(q - line), o.fp);
        }
    }
    out_close(&o);
    gsl_ran_discrete_free(young_age);
    gsl_ran_discrete_free(older_age);
    if (child != p->n_children || young_a != 0 || young_b != 0)
        die_internal("children totals missed");
}

/* A referral day: on or after first contact, inside the period. */
static int referral_day(gsl_rng *r, int first_contact)
{
    int last = period.n_days - 1;
    if (gsl_rng_uniform(r) < SAME_DAY_REFERRAL_SHARE)
        return first_contact;
    double delay = 1.0 + gsl_ran_exponential(r, REFERRAL_DELAY_MEAN_DAYS);
    if (delay <= (double)(last - first_contact))
        return first_contact + (int)delay;
    return first_contact + (int)gsl_rng_uniform_int(
        r, (unsigned long)(last - first_contact + 1));
}

/* Destinations: exactly n_headline referrals (selection sampling) go to
 * ORG_COMM or CPSC; the need is drawn given the destination. */
static void write_referrals(const char *dir, gsl_rng *r, const population *p)
{
    gsl_ran_discrete_t *other_dest = gsl_ran_discrete_preproc(N_DEST - 2, OTHER_DEST_WEIGHT);
    gsl_ran_discrete_t *need_of[N_DEST];
    if (!other_dest)
        die_io("memory", ENOMEM);
    for (int d = 0; d < N_DEST; d++)
        if (!(need_of[d] = gsl_ran_discrete_preproc(N_NEED, NEED_BY_DEST[d])))
            die_io("memory", ENOMEM);

    int *days = xcalloc(p->max_refs, sizeof *days);
    long need = p->n_headline, left = p->n_referrals, ref = 0;
    int fw = id_width(p->n_families), rw = id_width(p->n_referrals);
    char line[256];
    out_file o;
    out_open(&o, dir, "referrals.csv");
    fputs("referral_id,family_id,date,destination,need\n", o.fp);
    for (long f = 0; f < p->n_families; f++) {
        unsigned n = p->n_refs[f];
        for (unsigned k = 0; k < n; k++)
            days[k] = referral_day(r, p->first_contact[f]);
        qsort(days, n, sizeof days[0], cmp_int);
        for (unsigned k = 0; k < n; k++) {
            int dest;
            if (take(r, &need, &left))
                dest = gsl_rng_uniform(r) <
                       CPSC_SHARE_BY_CARRIER[TERRITORIES[p->territory[f]].carrier]
                           ? DEST_CPSC : DEST_ORG_COMM;
            else
                dest = DEST_CLSC + (int)gsl_ran_discrete(r, other_dest);
            int nd = (int)gsl_ran_discrete(r, need_of[dest]);

            char *q = put_id(line, 'R', ++ref, rw);
            *q++ = ',';
            q = put_id(q, 'F', f + 1, fw);
            *q++ = ',';
            q = put_str(q, period.text[days[k]]);
            *q++ = ',';
            q = put_str(q, DESTINATIONS[dest].code);
            *q++ = ',';
            q = put_str(q, NEEDS[nd].code);
            *q++ = '\n';
            fwrite(line, 1, (size_t)(q - line), o.fp);
        }
    }
    out_close(&o);
    free(days);
    gsl_ran_discrete_free(other_dest);
    for (int d = 0; d < N_DEST; d++)
        gsl_ran_discrete_free(need_of[d]);
    if (ref != p->n_referrals || need != 0)
        die_internal("referral totals missed");
}

/* ======================================================================
 * Questionnaires: lookups and consistency of the tables
 * ====================================================================== */

static const item_def *find_item(const char *id)
{
    for (size_t i = 0; i < N_ITEM_BANK; i++)
        if (strcmp(ITEM_BANK[i].id, id) == 0)
            return &ITEM_BANK[i];
    return NULL;
}

/* Number of substantive (not missing-by-design) values of a scale. */
static int scale_points(const char *scale)
{
    int k = 0;
    for (size_t i = 0; i < N_SCALE_VALUES; i++)
        if (strcmp(SCALE_VALUES[i].scale_id, scale) == 0 &&
            SCALE_VALUES[i].missing == MISSING_NONE)
            k++;
    return k;
}

static int scale_offers(const char *scale, enum missing_reason m)
{
    for (size_t i = 0; i < N_SCALE_VALUES; i++)
        if (strcmp(SCALE_VALUES[i].scale_id, scale) == 0 && SCALE_VALUES[i].missing == m)
            return 1;
    return 0;
}

static void check_item_bank(void)
{
    for (size_t i = 0; i < N_ITEM_BANK; i++) {
        const item_def *it = &ITEM_BANK[i];
        int scaled = it->type != ITEM_NUMBER && it->type != ITEM_TEXT;
        if (scaled != (it->scale != NULL) || find_item(it->id) != it)
            die_internal("item bank: scale or duplicate id");
        if ((it->type == ITEM_LIKERT4 && scale_points(it->scale) != 4) ||
            (it->type == ITEM_LIKERT5 && scale_points(it->scale) != 5) ||
            (it->type == ITEM_YESNO && scale_points(it->scale) != 2))
            die_internal("item bank: scale does not fit the item type");
        if (it->reverse && it->type != ITEM_LIKERT4 && it->type != ITEM_LIKERT5)
            die_internal("item bank: only Likert items are reverse-coded");
    }
}

/* How many columns of the export (or items of the instrument) are `name`. */
static int count_target(const instrument_def *in, const char *name)
{
    int n = 0;
    if (in->export) {
        for (size_t c = 0; c < in->n_export; c++)
            n += strcmp(in->export[c].target, name) == 0;
    } else {
        for (size_t i = 0; i < in->n_items; i++)
            n += strcmp(in->items[i].item, name) == 0;
        n += strcmp(name, "respondent_id") == 0 || (in->has_region && strcmp(name, "region") == 0);
    }
    return n;
}

static void check_instruments(void)
{
    check_item_bank();
    for (size_t k = 0; k < N_INSTRUMENTS; k++) {
        const instrument_def *in = &INSTRUMENTS[k];
        if ((in->export != NULL) != (in->mapping[0] != '\0'))
            die_internal("instrument: a mapping file goes with an export layout");
        if (count_target(in, "respondent_id") != 1 ||
            count_target(in, "region") != in->has_region)
            die_internal("instrument: respondent_id or region column");
        for (size_t i = 0; i < in->n_items; i++) {
            const item_use *u = &in->items[i];
            const item_def *it = find_item(u->item);
            if (!it || count_target(in, u->item) != 1)
                die_internal("instrument: unknown item, or not exactly one column");
            if ((u->dk > 0 && !(it->scale && scale_offers(it->scale, MISSING_DK))) ||
                (u->na > 0 && !(it->scale && scale_offers(it->scale, MISSING_NA))))
                die_internal("instrument: missing-by-design answer not on the scale");
            for (size_t j = 0; j < i; j++)
                if (strcmp(in->items[j].item, u->item) == 0)
                    die_internal("instrument: item listed twice");
        }
        for (size_t c = 0; in->export && c < in->n_export; c++) {
            const char *t = in->export[c].target;
            int known = strcmp(t, "respondent_id") == 0 || strcmp(t, "region") == 0 ||
                        strcmp(t, "-") == 0;
            for (size_t i = 0; !known && i < in->n_items; i++)
                known = strcmp(in->items[i].item, t) == 0;
            if (!known)
                die_internal("instrument: export column maps to nothing");
        }
        if (in->group == GROUP_WORKER &&
            in->invited != (int)(N_TERRITORIES + EXTRA_WORKERS))
            die_internal("workers invited: one per territory plus EXTRA_WORKERS");
        if (in->respondents < 1 || (in->invited >= 0 && in->respondents > in->invited))
            die_internal("instrument: more respondents than invited");
    }
}

/* ======================================================================
 * Questionnaires: description files (scales, items, instruments, mapping)
 * ====================================================================== */

static void write_scales(const char *dir)
{
    static const char *const header[] = {"scale_id", "value", "label_fr", "label_en", "missing"};
    out_file o;
    out_open(&o, dir, "scales.csv");
    csv_row(o.fp, 5, header);
    for (size_t i = 0; i < N_SCALE_VALUES; i++) {
        const scale_value *v = &SCALE_VALUES[i];
        char value[16];
        snprintf(value, sizeof value, "%d", v->value);
        const char *row[] = {v->scale_id, value, v->label_fr, v->label_en,
                             v->missing == MISSING_NONE ? "" : MISSING_REASONS[v->missing].code};
        csv_row(o.fp, 5, row);
    }
    out_close(&o);
}

static void write_items(const char *dir)
{
    static const char *const header[] = {"instrument_id", "item_id", "construct", "type",
                                         "scale", "reverse", "label_fr", "label_en"};
    out_file o;
    out_open(&o, dir, "items.csv");
    csv_row(o.fp, 8, header);
    for (size_t k = 0; k < N_INSTRUMENTS; k++)
        for (size_t i = 0; i < INSTRUMENTS[k].n_items; i++) {
            const item_def *it = find_item(INSTRUMENTS[k].items[i].item);
            const char *row[] = {
                INSTRUMENTS[k].id, it->id,
                it->construct == NO_CONSTRUCT ? "" : CONSTRUCTS[it->construct].code,
                ITEM_TYPE_NAMES[it->type], it->scale ? it->scale : "",
                it->reverse ? "oui" : "non", it->label_fr, it->label_en};
            csv_row(o.fp, 8, row);
        }
    out_close(&o);
}

static void write_instruments(const char *dir)
{
    static const char *const header[] = {"instrument_id", "group", "title_fr", "title_en",
                                         "responses", "mapping", "invited"};
    out_file o;
    out_open(&o, dir, "instruments.csv");
    csv_row(o.fp, 7, header);
    for (size_t k = 0; k < N_INSTRUMENTS; k++) {
        const instrument_def *in = &INSTRUMENTS[k];
        char invited[16] = "";
        if (in->invited >= 0)
            snprintf(invited, sizeof invited, "%d", in->invited);
        const char *row[] = {in->id, GROUPS[in->group].code, in->title_fr, in->title_en,
                             in->responses, in->mapping, invited};
        csv_row(o.fp, 7, row);
    }
    out_close(&o);
}

static void write_mapping(const char *dir, const instrument_def *in)
{
    static const char *const header[] = {"column", "target"};
    out_file o;
    out_open(&o, dir, in->mapping);
    csv_row(o.fp, 2, header);
    for (size_t c = 0; c < in->n_export; c++) {
        const char *row[] = {in->export[c].column, in->export[c].target};
        csv_row(o.fp, 2, row);
    }
    out_close(&o);
}

/* ======================================================================
 * Questionnaires: respondents and their answers
 * ====================================================================== */

typedef struct {
    char id[16];
    const char *region; /* code, or NULL */
    int lastpage;       /* last page answered (survey-tool export) */
    int english;        /* started the survey in English */
    long submitted;     /* seconds after SURVEY_START; -1: never submitted */
    double general, level[N_CONSTRUCTS];
} respondent;

#define COMMENT_CRITIQUE_BELOW (-0.5) /* general level under which comments are critical */

static void draw_levels(gsl_rng *r, const instrument_def *in, respondent *p)
{
    p->general = gsl_ran_gaussian(r, 1.0);
    for (int c = 0; c < N_CONSTRUCTS; c++)
        p->level[c] = in->mean[c] +
                      in->spread * (HALO * p->general + HALO_REST * gsl_ran_gaussian(r, 1.0));
}

/* Region of each respondent: the workers are one per territory plus a few
 * in random territories, in random order (those invited who did not answer
 * are the last ones); the parents live in a territory taken at random. */
static void draw_regions(gsl_rng *r, const instrument_def *in, respondent *resp)
{
    if (!in->has_region)
        return;
    if (in->group == GROUP_WORKER) {
        size_t n = (size_t)in->invited;
        int *where = xcalloc(n, sizeof *where);
        for (size_t w = 0; w < n; w++)
            where[w] = w < N_TERRITORIES ? (int)w
                                         : (int)gsl_rng_uniform_int(r, N_TERRITORIES);
        gsl_ran_shuffle(r, where, n, sizeof *where);
        for (int i = 0; i < in->respondents; i++)
            resp[i].region = TERRITORIES[where[i]].region;
        free(where);
    } else {
        for (int i = 0; i < in->respondents; i++)
            resp[i].region = TERRITORIES[gsl_rng_uniform_int(r, N_TERRITORIES)].region;
    }
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static int export_pages(const instrument_def *in)
{
    int pages = 0;
    for (size_t c = 0; c < in->n_export; c++)
        if (in->export[c].page > pages)
            pages = in->export[c].page;
    return pages;
}

/* Survey-tool bookkeeping: ids in submission order with gaps (responses
 * deleted before the export), submission times in order, the page where
 * the respondents who gave up stopped, the start language. */
static void draw_export_meta(gsl_rng *r, const instrument_def *in, respondent *resp)
{
    int n = in->respondents, pages = export_pages(in);
    long *when = xcalloc((size_t)n, sizeof *when);
    for (int i = 0; i < n; i++)
        when[i] = (long)gsl_rng_uniform_int(r, SURVEY_DAYS) * 86400L +
                  (SURVEY_FIRST_HOUR * 3600L +
                   (long)gsl_rng_uniform_int(r, SURVEY_HOURS * 3600UL));
    qsort(when, (size_t)n, sizeof *when, cmp_long);
    unsigned long id = 0;
    for (int i = 0; i < n; i++) {
        id += 1 + (gsl_rng_uniform(r) < DELETED_ID_SHARE ? 1 + gsl_rng_uniform_int(r, 3) : 0);
        snprintf(resp[i].id, sizeof resp[i].id, "%lu", id);
        resp[i].english = gsl_rng_uniform(r) < ENGLISH_SHARE;
        if (gsl_rng_uniform(r) < BREAKOFF_SHARE) {
            resp[i].lastpage = 1 + (int)gsl_rng_uniform_int(r, (unsigned long)(pages - 1));
            resp[i].submitted = -1;
        } else {
            resp[i].lastpage = pages;
            resp[i].submitted = when[i];
        }
    }
    free(when);
}

/* "YYYY-MM-DD hh:mm:ss" of a submission, into out[20]. */
static void format_submitdate(char out[20], long seconds)
{
    format_date(out, civil_from_days(days_from_civil(SURVEY_START) + seconds / 86400));
    unsigned long s = (unsigned long)seconds % 86400; /* "% 24" shows gcc 2 digits */
    snprintf(out + 10, 10, " %02lu:%02lu:%02lu", s / 3600 % 24, s / 60 % 60, s % 60);
}

/* Category 1..k of a latent answer: cuts at unit steps centred on 0. */
static int category(double x, int k)
{
    int v = 1;
    for (int j = 1; j < k; j++)
        if (x > j - k / 2.0)
            v++;
    return v;
}

static const char *draw_comment(gsl_rng *r, const instrument_def *in, const respondent *p)
{
    if (gsl_rng_uniform(r) >= in->comment_share)
        return "";
    int critical = p->general < COMMENT_CRITIQUE_BELOW;
    const text_pool *pool = critical ? &in->critique : &in->praise;
    if (p->english && in->praise_en.n && in->critique_en.n)
        pool = critical ? &in->critique_en : &in->praise_en;
    return pool->text[gsl_rng_uniform_int(r, pool->n)];
}

/* The text of one answer cell ("" when not answered). */
static const char *draw_answer(gsl_rng *r, const instrument_def *in, const item_use *u,
                               const respondent *p, char *buf, size_t size)
{
    const item_def *it = find_item(u->item);
    if (it->type == ITEM_TEXT)
        return draw_comment(r, in, p);
    if (gsl_rng_uniform(r) < in->no_answer)
        return "";
    double m = gsl_rng_uniform(r);
    if (m < u->dk + u->na) {
        snprintf(buf, size, "%d", m < u->dk ? DK_VALUE : NA_VALUE);
        return buf;
    }
    double level = it->construct == NO_CONSTRUCT ? p->general : p->level[it->construct];
    double x = level + it->shift + gsl_ran_gaussian(r, ITEM_NOISE_SD);
    switch (it->type) {
    case ITEM_YESNO:
        return x > 0 ? "1" : "0";
    case ITEM_NUMBER:
        snprintf(buf, size, "%u",
                 gsl_ran_poisson(r, it->mean_count * exp(COUNT_LATENT_WEIGHT * level)));
        return buf;
    default: {
        int k = scale_points(it->scale), v = category(x, k);
        snprintf(buf, size, "%d", it->reverse ? k + 1 - v : v);
        return buf;
    }
    }
}

static const item_use *find_use(const instrument_def *in, const char *item)
{
    for (size_t i = 0; i < in->n_items; i++)
        if (strcmp(in->items[i].item, item) == 0)
            return &in->items[i];
    return NULL;
}

/* A CSV field as LimeSurvey writes them: always quoted. */
static void csv_field_quoted(FILE *fp, const char *s, int last)
{
    putc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', fp);
        putc(*s, fp);
    }
    putc('"', fp);
    putc(last ? '\n' : ',', fp);
}

/* The cell of column c for respondent p. */
static const char *response_cell(gsl_rng *r, const instrument_def *in, const export_column *c,
                                 const respondent *p, char *buf, size_t size)
{
    if (strcmp(c->target, "respondent_id") == 0)
        return p->id;
    if (strcmp(c->target, "region") == 0)
        return p->region;
    if (strcmp(c->target, "-") == 0) {
        if (strcmp(c->column, "submitdate") == 0) {
            if (p->submitted < 0 || size < 20)
                return "";
            format_submitdate(buf, p->submitted);
            return buf;
        }
        if (strcmp(c->column, "lastpage") == 0) {
            snprintf(buf, size, "%d", p->lastpage);
            return buf;
        }
        if (strcmp(c->column, "startlanguage") == 0)
            return p->english ? "en" : "fr";
        die_internal("export: no value for an ignored column");
    }
    if (c->page > p->lastpage)
        return "";
    return draw_answer(r, in, find_use(in, c->target), p, buf, size);
}

/* The default layout: respondent_id, region if any, then the items. */
static export_column *default_columns(const instrument_def *in, size_t *n)
{
    export_column *cols = xcalloc(in->n_items + 2, sizeof *cols);
    size_t k = 0;
    cols[k++] = (export_column){"respondent_id", "respondent_id", 0};
    if (in->has_region)
        cols[k++] = (export_column){"region", "region", 0};
    for (size_t i = 0; i < in->n_items; i++)
        cols[k++] = (export_column){in->items[i].item, in->items[i].item, 0};
    *n = k;
    return cols;
}

/* Respondent ids of the default layout: W001, M001, PA001 ... */
static const char *const ID_PREFIX[N_GROUPS] = {"PR", "W", "M", "PA"};

static void write_responses(const char *dir, gsl_rng *r, const instrument_def *in)
{
    int n = in->respondents;
    respondent *resp = xcalloc((size_t)n, sizeof *resp);
    for (int i = 0; i < n; i++) {
        snprintf(resp[i].id, sizeof resp[i].id, "%s%03d", ID_PREFIX[in->group], i + 1);
        resp[i].lastpage = 1;
        resp[i].submitted = -1;
    }
    if (in->export)
        draw_export_meta(r, in, resp);
    draw_regions(r, in, resp);

    size_t n_cols = in->n_export;
    export_column *own = in->export ? NULL : default_columns(in, &n_cols);
    const export_column *cols = in->export ? in->export : own;
    void (*field)(FILE *, const char *, int) = in->export ? csv_field_quoted : csv_field;

    out_file o;
    out_open(&o, dir, in->written_as);
    for (size_t c = 0; c < n_cols; c++)
        field(o.fp, cols[c].column, c + 1 == n_cols);
    for (int i = 0; i < n; i++) {
        draw_levels(r, in, &resp[i]);
        for (size_t c = 0; c < n_cols; c++) {
            char buf[32];
            field(o.fp, response_cell(r, in, &cols[c], &resp[i], buf, sizeof buf),
                  c + 1 == n_cols);
        }
    }
    out_close(&o);
    free(own);
    free(resp);
}

/* All questionnaire files, from their own generator (see
 * QUESTIONNAIRE_SEED_OFFSET). */
static void write_questionnaires(const char *dir, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        die_io("memory", ENOMEM);
    gsl_rng_set(r, (seed + QUESTIONNAIRE_SEED_OFFSET) & 0xFFFFFFFFUL);

    write_scales(dir);
    write_items(dir);
    write_instruments(dir);
    for (size_t k = 0; k < N_INSTRUMENTS; k++) {
        if (INSTRUMENTS[k].export)
            write_mapping(dir, &INSTRUMENTS[k]);
        write_responses(dir, r, &INSTRUMENTS[k]);
    }
    gsl_rng_free(r);
}

/* ======================================================================
 * Focus groups and interviews (the same at every scale): the codebook
 * ====================================================================== */

enum valence { V_POS, V_NEG, V_NEU, N_VALENCES };
static const char *const VALENCE_NAMES[N_VALENCES] = {"positive", "negative", "neutral"};

typedef struct {
    const char *code, *parent; /* parent NULL: a theme (top level) */
    enum valence valence;
    const char *label_fr, *label_en, *description;
} qcode_def;

/* The themes of the evaluation report, each with the codes the coders
 * apply; a parent comes before its children (codebook.csv's rule). */
static const qcode_def CODEBOOK[] = {
    {"STRAT", NULL, V_POS, "Stratégies pour rejoindre les familles",
     "Strategies for reaching families",
     "Comment les familles isolées sont rejointes et entrent en contact avec la TP"},
    {"STRAT_GO_WHERE", "STRAT", V_POS, "Aller là où sont les familles",
     "Going where families are",
     "Présence dans les lieux que fréquentent les familles (parcs, banques alimentaires, "
     "buanderies) plutôt qu'au bureau"},
    {"STRAT_COLLECTIVE", "STRAT", V_POS, "Activités collectives comme porte d'entrée",
     "Collective activities as a way in",
     "Ateliers, cafés-rencontres et fêtes de quartier qui amènent un premier contact"},
    {"STRAT_WORD_OF_MOUTH", "STRAT", V_POS, "Bouche-à-oreille", "Word of mouth",
     "Familles rejointes par d'autres familles qui leur parlent de la TP"},
    {"STRAT_REFERRALS", "STRAT", V_POS, "Références des partenaires", "Partners' referrals",
     "Familles dirigées vers la TP par le CLSC, les CPE, les écoles ou d'autres organismes"},

    {"TRUST", NULL, V_POS, "Le lien de confiance", "The bond of trust",
     "La relation entre la famille et la TP, condition de tout accompagnement"},
    {"TRUST_AVAILABILITY", "TRUST", V_POS, "Disponibilité", "Availability",
     "La TP est joignable, y compris hors des heures de bureau, et répond vite"},
    {"TRUST_REGULARITY", "TRUST", V_POS, "Régularité", "Regularity",
     "Présence prévisible et constante : rendez-vous tenus, mêmes lieux, mêmes heures"},
    {"TRUST_EQUAL", "TRUST", V_POS, "Relation égalitaire et durable",
     "An equal and lasting relation",
     "Relation d'égal à égal, sans jugement ni évaluation, qui se poursuit dans le temps"},
    {"TRUST_PACE", "TRUST", V_POS, "Respect du rythme de la famille",
     "Respecting the family's pace",
     "La famille décide du moment et de l'objet de l'accompagnement"},
    {"TRUST_RECIPROCITY", "TRUST", V_POS, "Réciprocité", "Reciprocity",
     "Le parent donne à son tour : aide à d'autres familles, partage de savoirs, animation"},

    {"NEEDS", NULL, V_NEU, "Les besoins de base d'abord", "Basic needs first",
     "Les besoins essentiels passent avant tout autre objectif d'intervention"},
    {"NEEDS_MATERIAL", "NEEDS", V_NEU, "Alimentation et besoins matériels",
     "Food and material needs", "Nourriture, couches, vêtements, dépannage"},
    {"NEEDS_HOUSING", "NEEDS", V_NEG, "Logement", "Housing",
     "Logement trop petit, insalubre ou menacé, recherche de logement"},
    {"NEEDS_ISOLATION", "NEEDS", V_POS, "Briser l'isolement", "Breaking isolation",
     "Avoir quelqu'un à qui parler, sortir de la maison, rencontrer d'autres parents"},

    {"GAPS", NULL, V_NEG, "Trous de services", "Service gaps",
     "Ressources absentes, éloignées ou saturées (listes d'attente, transport, garderie)"},

    {"IMMIG", NULL, V_NEU, "Familles immigrantes", "Immigrant families",
     "Réalités propres aux familles nouvellement arrivées"},
    {"IMMIG_LANGUAGE", "IMMIG", V_NEG, "Barrière de la langue", "Language barrier",
     "Difficultés de communication ; la TP qui parle la langue de la famille"},
    {"IMMIG_STATUS", "IMMIG", V_NEU, "Statut migratoire et installation",
     "Immigration status and settling in",
     "Démarches d'immigration, accès aux services selon le statut, comprendre le système"},

    {"CONCERT", NULL, V_POS, "Concertation avec les partenaires", "Concertation with partners",
     "Les ressources du territoire se connaissent et travaillent ensemble"},
    {"CONCERT_TABLE", "CONCERT", V_POS, "Tables et comités de concertation",
     "Concertation tables and committees",
     "La TP siège aux instances locales et y fait connaître les besoins des familles"},
    {"CONCERT_NETWORK", "CONCERT", V_POS, "Arrimage avec le réseau et les organismes",
     "Links with the health network and organisations",
     "Corridors de services, personnes pivots, références dans les deux sens"},

    {"MISREAD", NULL, V_NEG, "Méconnaissance du mandat de proximité",
     "Misreading of the outreach mandate",
     "Rôle de la TP confondu avec le suivi psychosocial, le transport ou le dépannage ; "
     "y compris les TP qui rapportent être mal comprises"},

    {"OBST", NULL, V_NEG, "Obstacles", "Obstacles",
     "Ce qui freine le travail de proximité"},
    {"OBST_ROLE", "OBST", V_NEG, "Rôle flou", "Unclear role",
     "Tâches mal définies, y compris dans l'organisme porteur"},
    {"OBST_CRITERIA", "OBST", V_NEG, "Critères d'inclusion rigides", "Rigid inclusion criteria",
     "Âge des enfants, territoire ou définition de l'isolement qui excluent des familles"},
    {"OBST_FUNDING", "OBST", V_NEG, "Financement à court terme", "Short-term funding",
     "Incertitude sur la suite, roulement du personnel, reddition de comptes"},
    {"OBST_ISOLATION", "OBST", V_NEG, "Isolement professionnel", "Professional isolation",
     "TP seule dans son poste, sans collègue ni lieu pour discuter des situations"},

    {"SCALE", NULL, V_NEU, "Conditions de déploiement", "Conditions for scaling up",
     "Ce qu'il faudrait pour étendre et pérenniser le projet"},
    {"SCALE_TIME", "SCALE", V_NEU, "Le temps de s'approprier le rôle",
     "Time to grow into the role",
     "Le rôle et la reconnaissance par le milieu prennent des mois à se construire"},
    {"SCALE_SUPERVISION", "SCALE", V_NEU, "Supervision et soutien clinique",
     "Supervision and clinical support",
     "Supervision régulière, communautés de pratique, cadre commun"},
    {"SCALE_ANCHOR", "SCALE", V_NEU, "Le double ancrage", "The double anchoring",
     "Ancrage à la fois dans l'organisme porteur et dans la communauté du territoire"},
};
#define N_QCODES (sizeof CODEBOOK / sizeof CODEBOOK[0])

/* The themes (top-level codes): what a participant talks about is drawn
 * first, then a template of that theme. */
enum theme {
    TH_STRAT, TH_TRUST, TH_NEEDS, TH_GAPS, TH_IMMIG, TH_CONCERT, TH_MISREAD, TH_OBST,
    TH_SCALE, N_THEMES
};
static const char *const THEME_CODES[N_THEMES] = {
    "STRAT", "TRUST", "NEEDS", "GAPS", "IMMIG", "CONCERT", "MISREAD", "OBST", "SCALE",
};

/* How much each group talks about each theme (relative weights; rows:
 * groups, columns: the themes in enum order).  Parents talk about trust,
 * basic needs and isolation; workers about strategies, obstacles and
 * conditions; managers about funding and supervision; partners about
 * concertation and (misreading) the mandate. */
static const double THEME_WEIGHT[N_GROUPS][N_THEMES] = {
    /* STRAT TRUST NEEDS GAPS IMMIG CONCERT MISREAD OBST SCALE */
    {10, 32, 30, 10, 12, 0, 0, 3, 0},  /* PARENT */
    {22, 12, 7, 7, 6, 8, 12, 14, 12},  /* WORKER */
    {6, 3, 3, 4, 3, 12, 6, 32, 31},    /* MANAGER */
    {10, 4, 4, 10, 6, 30, 30, 3, 3},   /* PARTNER */
};

/* ======================================================================
 * Focus groups and interviews: sessions and speakers
 * ====================================================================== */

enum session_kind { FOCUS_GROUP, INTERVIEW, N_SESSION_KINDS };
static const char *const SESSION_KIND_NAMES[N_SESSION_KINDS] = {"focus_group", "interview"};

typedef struct {
    enum group group;
    enum session_kind kind;
    int count, min_participants, max_participants;
} session_plan;

static const session_plan SESSION_PLAN[] = {
    {GROUP_PARENT, FOCUS_GROUP, 8, 4, 9},
    {GROUP_PARENT, INTERVIEW, 2, 1, 1},
    {GROUP_WORKER, FOCUS_GROUP, 6, 5, 10},
    {GROUP_WORKER, INTERVIEW, 3, 1, 1},
    {GROUP_MANAGER, FOCUS_GROUP, 2, 4, 7},
    {GROUP_MANAGER, INTERVIEW, 4, 1, 1},
    {GROUP_PARTNER, FOCUS_GROUP, 3, 4, 8},
    {GROUP_PARTNER, INTERVIEW, 2, 1, 1},
};
#define N_SESSION_PLAN (sizeof SESSION_PLAN / sizeof SESSION_PLAN[0])
#define MAX_PARTICIPANTS 10

/* The first workers' focus groups gathered workers of several regions
 * (communities of practice): their region is empty. */
#define INTERREGIONAL_WORKER_GROUPS 2

/* Sessions on weekdays of spring 2025, after the participation period. */
static const civil_date SESSIONS_START = {2025, 4, 7};
#define SESSIONS_DAYS 77

/* Coded excerpts per session, from min to max inclusive, by kind. */
static const int EXCERPTS_PER_SESSION[N_SESSION_KINDS][2] = {{13, 24}, {9, 17}};

/* Speakers: pseudonyms by group ("Parent C", "TP 4"); how much each
 * participant of a focus group speaks is Gamma(TALK_SHAPE, 1). */
static const char *const SPEAKER_PREFIX[N_GROUPS] = {"Parent", "TP", "Gestionnaire", "Partenaire"};
static const int SPEAKER_LETTERED[N_GROUPS] = {1, 0, 0, 0};
#define TALK_SHAPE 1.5

/* Grammatical gender in the quotes: of the speaker, and of the outreach
 * worker a parent talks about. */
static const double SPEAKER_FEMALE_SHARE[N_GROUPS] = {0.85, 0.85, 0.75, 0.80};
#define TP_FEMALE_SHARE 0.85

/* ======================================================================
 * Focus groups and interviews: the excerpts, written from templates
 * ====================================================================== */

/* Groups as bit masks, for the templates and slots. */
#define G_P (1u << GROUP_PARENT)
#define G_W (1u << GROUP_WORKER)
#define G_M (1u << GROUP_MANAGER)
#define G_A (1u << GROUP_PARTNER)
#define G_PRO (G_W | G_M | G_A)
#define G_ALL (G_P | G_PRO)

/* A slot {name} of a template is replaced by one of its alternatives
 * (separated by ALT_SEP; empty alternatives allowed), taken at random from
 * `fem` or `masc` by the gender of the speaker or of the parent's outreach
 * worker.  The first slot of that name serving the speaker's group is
 * used. */
#define ALT_SEP '|'
enum agreement { AGREE_NONE, AGREE_SPEAKER, AGREE_TP };
typedef struct {
    const char *name;
    unsigned groups;
    enum agreement agree;
    const char *fem, *masc; /* masc NULL when AGREE_NONE */
} slot_def;

static const slot_def SLOTS[] = {
    /* openers and closers, by register */
    {"o", G_P, AGREE_NONE,
     "|||Moi, |Honnêtement, |Franchement, |Tsé, |Bien, |Pour vrai, |Ben, |Écoutez, "
     "|Je vais vous dire, |Au fond, ", NULL},
    {"o", G_PRO, AGREE_NONE,
     "|||Dans mon territoire, |De mon côté, |Concrètement, |Sur le terrain, |Chez nous, "
     "|Dans les faits, |Pour être honnête, |Moi, |Au quotidien, |De ce que je vois, "
     "|Franchement, ", NULL},
    {"f", G_P, AGREE_NONE,
     "|||| Ça m'a fait du bien.| Ça, ça compte beaucoup pour moi.| C'est ça qui a tout changé."
     "| Je ne l'oublierai pas.| C'est vraiment précieux.| Je le dis à tout le monde.", NULL},
    {"f", G_PRO, AGREE_NONE,
     "|||| Ça, c'est précieux.| Ça, c'est clair.| C'est le cœur du projet."
     "| Il faut le souligner.| Ça fait une vraie différence.", NULL},
    {"fn", G_P, AGREE_NONE,
     "|||| C'est décourageant.| Je trouve ça dur.| C'est pas normal.| On fait avec.", NULL},
    {"fn", G_PRO, AGREE_NONE,
     "|||| C'est épuisant, à la longue.| Il faut que ça change.| On le répète depuis le début."
     "| Ça nous freine beaucoup.| On n'a pas de solution pour l'instant.", NULL},
    {"f0", G_ALL, AGREE_NONE,
     "||| Il faut en tenir compte.| C'est ce que je retiens.| C'est une leçon du projet.", NULL},
    /* agreement with the speaker or with the outreach worker */
    {"e", G_ALL, AGREE_SPEAKER, "e", ""},
    {"conjoint", G_ALL, AGREE_SPEAKER, "mon chum|mon conjoint", "ma blonde|ma conjointe"},
    {"te", G_ALL, AGREE_TP, "e", ""},
    {"elle", G_ALL, AGREE_TP, "elle", "il"},
    {"lui", G_ALL, AGREE_TP, "elle", "lui"},
    {"de_lui", G_ALL, AGREE_TP, "d'elle", "de lui"},
    {"la", G_ALL, AGREE_TP, "la", "le"},
    {"tp", G_ALL, AGREE_TP,
     "la travailleuse de proximité|l'intervenante de proximité|la dame de l'organisme",
     "le travailleur de proximité|l'intervenant de proximité|le monsieur de l'organisme"},
    /* vocabulary */
    {"la_tp", G_ALL, AGREE_NONE,
     "la TP|la travailleuse de proximité|la travailleuse de proximité du secteur", NULL},
    {"enfant", G_ALL, AGREE_NONE,
     "mon bébé|ma fille|mon fils|mon plus jeune|mes enfants|ma plus petite|les jumeaux", NULL},
    {"lieu_parent", G_ALL, AGREE_NONE,
     "au parc|à la banque alimentaire|à la bibliothèque|à la clinique de vaccination"
     "|devant l'école|à la friperie|au comptoir alimentaire|à la halte-garderie", NULL},
    {"lieu_pro", G_ALL, AGREE_NONE,
     "les parcs|les banques alimentaires|les buanderies|les bibliothèques"
     "|les cliniques de vaccination", NULL},
    {"lieu_pro_b", G_ALL, AGREE_NONE,
     "les friperies|les épiceries|les haltes-garderies|la sortie des écoles"
     "|les fêtes de quartier", NULL},
    {"quand", G_ALL, AGREE_NONE,
     "au début|après mon accouchement|l'hiver passé|quand on est arrivés au Québec"
     "|pendant mon congé parental", NULL},
    {"frequence", G_ALL, AGREE_NONE,
     "chaque semaine|toutes les deux semaines|presque tous les mardis|une fois par semaine"
     "|tous les jeudis matin", NULL},
    {"duree", G_ALL, AGREE_NONE, "un an|presque deux ans|huit mois|plus d'un an", NULL},
    {"delai", G_ALL, AGREE_NONE, "six mois|plus d'un an|huit mois|deux ans|dix-huit mois", NULL},
    {"langue", G_ALL, AGREE_NONE, "arabe|espagnol|créole|dari|anglais|swahili", NULL},
    {"ref_source", G_ALL, AGREE_NONE,
     "les infirmières du CLSC|les éducatrices du CPE|la banque alimentaire"
     "|la travailleuse sociale de l'école|la maison de la famille", NULL},
};
#define N_SLOTS (sizeof SLOTS / sizeof SLOTS[0])

/* An excerpt template: who may say it, the codes that fit it (the first
 * n_core always applied by the main coder, the others each with
 * OPTIONAL_CODE_SHARE), its text with {slots}; `region` restricts it to
 * the sessions of one region; `named` marks the few that quote a name or a
 * place of PRIVACY_TERMS (drawn with NAMED_TEMPLATE_WEIGHT). */
#define MAX_EXCERPT_CODES 3
typedef struct {
    unsigned groups;
    int n_core;
    const char *codes[MAX_EXCERPT_CODES];
    const char *text;
    const char *region;
    int named;
} excerpt_template;

#define OPTIONAL_CODE_SHARE 0.5
#define NAMED_TEMPLATE_WEIGHT 2.0

/* French spacing before ? ! : ; » and after « is added when writing (a
 * narrow no-break space); templates use an ordinary space. */
static const excerpt_template TEMPLATES[] = {
    /* outreach strategies */
    {G_P, 1, {"STRAT_GO_WHERE", "TRUST_EQUAL", "TRUST_PACE"},
     "{o}je l'ai rencontré{te} {lieu_parent}. {elle} est venu{te} me parler de {enfant}, "
     "tout simplement.{f}", NULL, 0},
    {G_P, 1, {"STRAT_WORD_OF_MOUTH"},
     "{o}c'est une voisine qui m'a parlé {de_lui}. Au début je ne voulais pas, mais elle "
     "disait que ça l'avait aidée.", NULL, 0},
    {G_P, 1, {"STRAT_COLLECTIVE", "NEEDS_ISOLATION", "STRAT_GO_WHERE"},
     "{o}je suis allé{e} à un atelier de purées pour bébés {quand}. C'est là que j'ai connu "
     "{tp}.{f}", NULL, 0},
    {G_P, 2, {"STRAT_REFERRALS", "TRUST_PACE"},
     "{o}l'infirmière du CLSC m'a donné son numéro. Je l'ai gardé des semaines sur le frigo "
     "avant d'appeler.", NULL, 0},
    {G_P, 2, {"STRAT_WORD_OF_MOUTH", "TRUST_RECIPROCITY"},
     "{o}maintenant, c'est moi qui parle {de_lui} aux autres parents {lieu_parent}.{f}", NULL, 0},
    {G_P, 1, {"STRAT_COLLECTIVE", "NEEDS_ISOLATION"},
     "{o}les cafés-rencontres du jeudi, c'était ma seule sortie avec {enfant} {quand}.{f}", NULL, 0},
    {G_P, 1, {"STRAT_GO_WHERE", "TRUST_EQUAL"},
     "Je l'ai rencontré{te} au parc Jarry, {elle} donnait des collations aux enfants. On a "
     "jasé et c'est parti de là.", "06", 1},
    {G_W, 1, {"STRAT_GO_WHERE"},
     "{o}on va là où les familles sont déjà : {lieu_pro}, {lieu_pro_b}. On n'attend pas "
     "qu'elles viennent au bureau.{f}", NULL, 0},
    {G_W, 1, {"STRAT_WORD_OF_MOUTH", "TRUST_RECIPROCITY"},
     "{o}le bouche-à-oreille, c'est notre meilleur outil. Une mère en amène une autre, puis "
     "une autre.{f}", NULL, 0},
    {G_W | G_M, 1, {"STRAT_COLLECTIVE", "TRUST_PACE", "NEEDS_ISOLATION"},
     "{o}les activités collectives servent de porte d'entrée : une fête de quartier, un "
     "atelier cuisine, une sortie aux pommes. Après, les parents osent parler de leur "
     "situation.", NULL, 0},
    {G_W, 1, {"STRAT_REFERRALS", "CONCERT_NETWORK"},
     "{o}beaucoup de mes familles m'ont été référées par {ref_source}.{f}", NULL, 0},
    {G_W, 2, {"STRAT_GO_WHERE", "TRUST_REGULARITY"},
     "{o}je passe {frequence} à la friperie et à la buanderie du quartier. Les gens finissent "
     "par me reconnaître, et c'est là que les questions arrivent.", NULL, 0},
    {G_W, 2, {"STRAT_GO_WHERE", "TRUST_REGULARITY"},
     "{o}cogner aux portes, ça ne marche pas vraiment. Ce qui marche, c'est d'être là aux "
     "mêmes endroits, aux mêmes heures.{f}", NULL, 0},
    {G_PRO, 2, {"STRAT_REFERRALS", "CONCERT_TABLE"},
     "{o}les références des partenaires ont vraiment augmenté depuis qu'on a présenté le "
     "projet à la table de concertation.{f}", NULL, 0},
    {G_A, 1, {"STRAT_REFERRALS", "CONCERT_NETWORK"},
     "{o}quand je vois une maman seule avec un bébé {lieu_parent}, je lui donne le numéro de "
     "{la_tp}. C'est devenu un réflexe.", NULL, 0},
    {G_M, 1, {"STRAT_GO_WHERE"},
     "{o}on a choisi de placer {la_tp} dans les lieux publics plutôt qu'au bureau, et ça a "
     "changé le profil des familles qu'on rejoint.{f}", NULL, 0},
    {G_M, 1, {"STRAT_WORD_OF_MOUTH", "STRAT_COLLECTIVE"},
     "{o}nos nouvelles familles arrivent surtout par le bouche-à-oreille, souvent après une "
     "activité collective. La publicité, elle, ne donne presque rien.", NULL, 0},
    {G_W, 1, {"STRAT_GO_WHERE", "TRUST_REGULARITY"},
     "Le mardi matin, je fais la tournée des Habitations Jeanne-Mance avec des dépliants et "
     "du café. Les mamans commencent à m'attendre.", "06", 1},

    /* the bond of trust */
    {G_P, 1, {"TRUST_AVAILABILITY"},
     "{o}{elle} répond toujours, même le soir. Je sais que je peux {la} texter si ça ne va "
     "pas.{f}", NULL, 0},
    {G_P, 1, {"TRUST_REGULARITY", "NEEDS_ISOLATION", "TRUST_AVAILABILITY"},
     "{o}{elle} vient {frequence}, on a notre petite routine avec {enfant}.{f}", NULL, 0},
    {G_P, 1, {"TRUST_EQUAL"},
     "{o}{elle} ne me juge pas. Avec les autres intervenants, je me sentais comme un dossier ; "
     "avec {lui}, je me sens comme une personne.", NULL, 0},
    {G_P, 1, {"TRUST_PACE", "NEEDS_MATERIAL", "TRUST_EQUAL"},
     "{o}{elle} ne m'a jamais pressé{e}. J'ai pris des mois avant de parler de mes problèmes "
     "d'argent, et {elle} a attendu.{f}", NULL, 0},
    {G_P, 1, {"TRUST_RECIPROCITY", "IMMIG", "TRUST_EQUAL"},
     "{o}la semaine passée, c'est moi qui lui ai montré une recette de mon pays. Ça m'a fait "
     "plaisir de donner quelque chose à mon tour.", NULL, 0},
    {G_P, 1, {"TRUST", "TRUST_PACE"},
     "{o}j'avais peur qu'on m'enlève mes enfants si je disais que ça n'allait pas. Avec {lui}, "
     "j'ai fini par avoir confiance.{f}", NULL, 0},
    {G_P, 1, {"TRUST_EQUAL", "TRUST_AVAILABILITY"},
     "{o}ça fait {duree} que je {la} connais. Même quand ça allait mieux, {elle} a continué "
     "de prendre des nouvelles.{f}", NULL, 0},
    {G_P, 1, {"TRUST_AVAILABILITY", "NEEDS_ISOLATION"},
     "{o}{elle} m'appelle juste pour savoir comment je vais, pas seulement quand il y a un "
     "problème.{f}", NULL, 0},
    {G_P, 1, {"TRUST_EQUAL"},
     "{o}{elle} me parle comme à un{e} ami{e}, pas comme à un{e} client{e}. Je n'avais jamais "
     "vécu ça avec un service.", NULL, 0},
    {G_P, 1, {"TRUST_AVAILABILITY", "NEEDS_ISOLATION"},
     "Mélanie, c'est la seule personne qui m'appelait juste pour savoir comment j'allais.{f}",
     NULL, 1},
    {G_W, 2, {"TRUST_PACE", "TRUST_EQUAL"},
     "{o}le lien de confiance, ça se construit à petits pas. Il faut accepter de juste "
     "prendre un café les premières fois, sans formulaire.", NULL, 0},
    {G_W, 1, {"TRUST_REGULARITY"},
     "{o}la régularité, c'est la clé : si je dis que je reviens mardi, je reviens mardi. "
     "Sinon, on perd la famille.", NULL, 0},
    {G_W, 1, {"TRUST_EQUAL"},
     "{o}les familles nous voient d'égal à égal, pas comme quelqu'un qui évalue. C'est ça qui "
     "fait qu'elles se confient.{f}", NULL, 0},
    {G_W, 1, {"TRUST_AVAILABILITY"},
     "{o}on est joignables en dehors des heures de bureau, par texto surtout. C'est exigeant, "
     "mais c'est ce qui fait la différence.", NULL, 0},
    {G_W, 1, {"TRUST_RECIPROCITY", "STRAT_COLLECTIVE"},
     "{o}une maman que j'accompagne anime maintenant l'atelier de couture. Elle est passée de "
     "recevoir à donner.{f}", NULL, 0},
    {G_W, 1, {"TRUST_PACE"},
     "{o}certaines familles ont besoin de six mois avant de me laisser entrer chez elles. Je "
     "respecte ça, sinon je les perds.{f}", NULL, 0},
    {G_M | G_A, 1, {"TRUST", "STRAT_GO_WHERE"},
     "{o}des familles qui ne mettaient jamais les pieds dans un organisme viennent maintenant "
     "avec {la_tp}. C'est une question de confiance.{f}", NULL, 0},

    /* basic needs first */
    {G_P, 1, {"NEEDS_MATERIAL", "TRUST_AVAILABILITY"},
     "{o}au début, je n'avais même pas de quoi acheter des couches. {elle} m'a amené{e} à la "
     "banque alimentaire et au comptoir vestimentaire.{f}", NULL, 0},
    {G_P, 1, {"NEEDS_HOUSING"},
     "{o}on vivait à quatre dans un trois et demie plein de moisissure. {elle} m'a aidé{e} à "
     "remplir la demande de logement social.", NULL, 0},
    {G_P, 1, {"NEEDS_ISOLATION", "TRUST_AVAILABILITY", "TRUST_EQUAL"},
     "{o}je ne parlais à aucun adulte de la journée, juste à {enfant}. Maintenant, j'ai "
     "quelqu'un à qui parler.{f}", NULL, 0},
    {G_P, 1, {"NEEDS_ISOLATION", "STRAT_COLLECTIVE"},
     "{o}je ne sortais plus de chez nous {quand}. Les sorties avec le groupe m'ont redonné le "
     "goût de voir du monde.{f}", NULL, 0},
    {G_P, 1, {"NEEDS_MATERIAL"},
     "{o}quand le frigo est vide, tu ne penses pas à l'éveil de ton enfant. Il fallait "
     "d'abord régler ça.{f}", NULL, 0},
    {G_P, 1, {"NEEDS_ISOLATION", "TRUST_REGULARITY"},
     "{o}{conjoint} travaille de nuit, je suis tout{e} seul{e} avec les enfants. Juste d'avoir "
     "quelqu'un qui passe, ça m'aide.{f}", NULL, 0},
    {G_P, 1, {"NEEDS_HOUSING", "TRUST_AVAILABILITY"},
     "{o}on a reçu un avis d'éviction en plein hiver. Sans {lui}, je ne sais pas où on serait "
     "rendus.", NULL, 0},
    {G_P, 1, {"NEEDS_MATERIAL", "TRUST_AVAILABILITY"},
     "{o}quand mon plus jeune a été hospitalisé à Sainte-Justine, {elle} est venu{te} me "
     "porter du linge et des couches.", NULL, 1},
    {G_P, 1, {"NEEDS_HOUSING", "TRUST_AVAILABILITY"},
     "Notre logement sur la rue Papineau était plein de coquerelles. Karine m'a aidé{e} à "
     "appeler le propriétaire, puis la Ville.", "06", 1},
    {G_W, 1, {"NEEDS", "NEEDS_MATERIAL"},
     "{o}avant de parler d'éveil ou d'habiletés parentales, il faut que la famille ait mangé "
     "et qu'elle ait un toit. Les besoins de base passent en premier.", NULL, 0},
    {G_W, 1, {"NEEDS_HOUSING", "GAPS"},
     "{o}la crise du logement nous rattrape : je passe des heures à chercher des appartements "
     "avec des familles de cinq enfants.{fn}", NULL, 0},
    {G_W, 1, {"NEEDS_ISOLATION"},
     "{o}des mères me disent qu'elles n'ont parlé à personne depuis des semaines. Briser "
     "l'isolement, c'est souvent la première demande.", NULL, 0},
    {G_A, 1, {"NEEDS_MATERIAL", "STRAT_REFERRALS"},
     "{o}les familles que {la_tp} nous amène ont d'abord besoin de nourriture et de "
     "vêtements. Le reste vient après.", NULL, 0},
    {G_M, 1, {"NEEDS", "NEEDS_MATERIAL"},
     "{o}on a dû ajouter un budget de dépannage : sans cartes d'épicerie, la travailleuse de "
     "proximité ne pouvait rien faire d'autre.{f0}", NULL, 0},

    /* service gaps */
    {G_P, 1, {"GAPS", "NEEDS_MATERIAL"},
     "{o}pour une place en garderie, c'est {delai} d'attente. En attendant, je ne peux pas "
     "travailler.{fn}", NULL, 0},
    {G_P, 1, {"GAPS"},
     "{o}le CLSC est à quarante minutes en autobus. Avec deux enfants en hiver, j'annule "
     "souvent mes rendez-vous.{fn}", NULL, 0},
    {G_P, 1, {"GAPS"},
     "{o}on m'a mis{e} sur une liste d'attente pour un pédiatre il y a {delai}. Je n'ai "
     "toujours pas de nouvelles.{fn}", NULL, 0},
    {G_P, 1, {"GAPS"},
     "L'arrêt d'autobus sur Pie-IX est loin, avec la poussette l'hiver c'est l'enfer.{fn}",
     "06", 1},
    {G_W, 1, {"GAPS", "STRAT_REFERRALS", "CONCERT_NETWORK"},
     "{o}on réfère, mais les ressources sont débordées : {delai} d'attente en orthophonie, "
     "pas de place en CPE. Les familles se découragent.", NULL, 0},
    {G_W, 1, {"GAPS"},
     "En région, il n'y a pas de service à moins de trente kilomètres. Le transport "
     "devient mon principal dossier.{fn}", NULL, 0},
    {G_A, 1, {"GAPS", "CONCERT_NETWORK"},
     "{o}nos listes d'attente débordent déjà ; quand {la_tp} nous oriente une famille, on ne "
     "peut pas toujours la prendre rapidement.{fn}", NULL, 0},
    {G_PRO, 1, {"GAPS"},
     "{o}le projet met en lumière des trous de services que tout le monde connaissait, mais "
     "que personne ne voyait aussi clairement.{f0}", NULL, 0},

    /* immigrant families */
    {G_P, 1, {"IMMIG_STATUS", "TRUST_AVAILABILITY"},
     "{o}quand je suis arrivé{e}, je ne comprenais rien aux papiers. {elle} m'a expliqué "
     "comment marche l'école ici.{f}", NULL, 0},
    {G_P, 1, {"IMMIG_LANGUAGE", "TRUST_EQUAL"},
     "{o}{elle} parle {langue} avec moi, comme ça je peux tout dire. Avec les autres, je "
     "comprenais juste la moitié.", NULL, 0},
    {G_P, 1, {"IMMIG_STATUS", "GAPS"},
     "{o}on attend notre résidence permanente depuis {delai}. Sans papiers, beaucoup de "
     "portes sont fermées.{fn}", NULL, 0},
    {G_W, 1, {"IMMIG_STATUS"},
     "{o}avec les familles immigrantes, une bonne partie du travail, c'est d'expliquer le "
     "système : la RAMQ, les allocations, l'inscription à l'école.{f0}", NULL, 0},
    {G_W, 1, {"IMMIG_LANGUAGE"},
     "{o}la langue reste une barrière : je traduis beaucoup avec mon téléphone, et ce n'est "
     "pas idéal pour parler de sujets délicats.", NULL, 0},
    {G_W | G_M, 2, {"IMMIG_STATUS", "GAPS"},
     "{o}les demandeurs d'asile n'ont pas accès à la garderie subventionnée. On se retrouve "
     "sans solution pour ces mamans.{fn}", NULL, 0},
    {G_A, 1, {"IMMIG_LANGUAGE", "CONCERT_NETWORK"},
     "{o}beaucoup de familles arrivent chez nous sans parler français ; {la_tp} fait le pont "
     "avec nos services.{f}", NULL, 0},
    {G_W, 1, {"IMMIG_LANGUAGE", "TRUST_RECIPROCITY", "STRAT_WORD_OF_MOUTH"},
     "Ahmed, un papa que j'accompagne, sert maintenant d'interprète pour trois autres familles "
     "de son immeuble.{f}", NULL, 1},

    /* concertation with partners */
    {G_W, 1, {"CONCERT_TABLE", "CONCERT_NETWORK", "STRAT_REFERRALS"},
     "{o}la table de concertation nous a ouvert des portes. Maintenant, quand j'appelle le "
     "CLSC, on sait qui je suis.{f}", NULL, 0},
    {G_W, 1, {"CONCERT_NETWORK", "STRAT_REFERRALS"},
     "{o}l'arrimage avec le CLSC s'est fait lentement, mais on a maintenant une intervenante "
     "pivot qui répond à nos références.{f}", NULL, 0},
    {G_M, 1, {"CONCERT", "CONCERT_TABLE"},
     "{o}le projet a forcé les organismes du territoire à se parler. On a mis en commun nos "
     "listes de ressources.{f}", NULL, 0},
    {G_M, 2, {"CONCERT_NETWORK", "CONCERT_TABLE"},
     "{o}nos liens avec les écoles et le CISSS se sont renforcés depuis que {la_tp} siège au "
     "comité local.{f}", NULL, 0},
    {G_A, 1, {"CONCERT"},
     "{o}on se connaît mieux entre organismes. Avant, on ne savait pas ce que faisait le "
     "voisin.{f}", NULL, 0},
    {G_A, 1, {"CONCERT_TABLE", "STRAT_GO_WHERE"},
     "À la table de concertation, {la_tp} nous fait remonter des besoins qu'on ne voyait "
     "pas, chez des familles qu'aucun de nous ne rejoignait.", NULL, 0},
    {G_A, 2, {"CONCERT_NETWORK", "STRAT_REFERRALS"},
     "{o}le corridor de services avec {la_tp} fonctionne bien : elle nous appelle, on prend "
     "la famille, on se reparle après.{f}", NULL, 0},
    {G_A, 1, {"CONCERT_NETWORK", "CONCERT_TABLE"},
     "{o}on a maintenant une rencontre mensuelle avec {la_tp} et l'infirmière du CLSC pour "
     "faire le point sur les familles qu'on suit ensemble.", NULL, 0},

    /* misreading of the outreach mandate: partners misread it, workers and
     * managers report it */
    {G_A, 1, {"MISREAD", "OBST_ROLE"},
     "Pour moi, {la_tp}, c'est une intervenante comme les nôtres, mais qui se déplace. Je "
     "ne vois pas vraiment la différence.", NULL, 0},
    {G_A, 1, {"MISREAD"},
     "{o}on s'attendait à ce qu'elle fasse du suivi psychosocial avec les familles qu'on lui "
     "envoie. Ce n'est pas ce qui se passe.{fn}", NULL, 0},
    {G_A, 1, {"MISREAD", "OBST_ROLE"},
     "{o}j'ai pensé que {la_tp} pouvait évaluer les situations de négligence. On nous a dit "
     "que non, que ce n'était pas son rôle.", NULL, 0},
    {G_A, 1, {"MISREAD"},
     "{o}je lui ai demandé de faire le transport des familles vers nos rendez-vous. Je "
     "comprends maintenant que ce n'est pas son mandat.", NULL, 0},
    {G_A, 1, {"MISREAD", "STRAT_GO_WHERE"},
     "{o}« proximité », pour nous, ça voulait dire qu'elle serait dans nos locaux. On ne "
     "s'attendait pas à ce qu'elle soit toujours dehors.", NULL, 0},
    {G_A, 1, {"MISREAD"},
     "{o}je ne sais pas trop ce que {la_tp} fait de ses journées. On la voit peu au "
     "bureau.{fn}", NULL, 0},
    {G_A, 1, {"MISREAD"},
     "Josée nous a appelés pour une famille, et on pensait qu'elle allait faire le suivi à "
     "notre place.{fn}", NULL, 1},
    {G_W, 1, {"MISREAD", "OBST_ROLE", "CONCERT_NETWORK"},
     "{o}on me demande encore de faire des suivis cliniques. Je dois réexpliquer que mon "
     "rôle, c'est d'accompagner, pas d'évaluer.{fn}", NULL, 0},
    {G_W, 1, {"MISREAD"},
     "{o}certains partenaires nous voient comme un service de taxi ou de dépannage. Il faut "
     "sans cesse recadrer.{fn}", NULL, 0},
    {G_W, 1, {"MISREAD", "CONCERT_NETWORK"},
     "{o}une intervenante du CLSC m'a référé une famille en me demandant un rapport écrit. Ce "
     "n'est pas du tout notre façon de travailler.", NULL, 0},
    {G_M, 2, {"MISREAD", "OBST_ROLE", "SCALE_TIME"},
     "{o}il a fallu présenter le mandat plusieurs fois aux partenaires ; le mot « proximité » "
     "est compris de dix façons différentes.{fn}", NULL, 0},

    /* obstacles */
    {G_W, 1, {"OBST_ROLE"},
     "{o}mon rôle n'est pas clair, même dans mon propre organisme. Un jour je fais de "
     "l'accueil, le lendemain de l'animation.{fn}", NULL, 0},
    {G_W, 1, {"OBST_CRITERIA"},
     "{o}les critères, c'est des enfants de cinq ans et moins. Mais la famille qui a un ado "
     "de quatorze ans et un bébé à naître, je fais quoi avec ?", NULL, 0},
    {G_W, 1, {"OBST_ISOLATION", "SCALE_SUPERVISION"},
     "{o}je suis seul{e} dans mon poste, dans mon organisme et dans mon territoire. Quand une "
     "situation est lourde, je n'ai personne avec qui en parler.", NULL, 0},
    {G_W, 1, {"OBST_FUNDING", "TRUST_EQUAL", "TRUST_REGULARITY"},
     "{o}le financement finit en mars. Comment voulez-vous que je promette aux familles "
     "d'être encore là dans six mois ?", NULL, 0},
    {G_W, 1, {"OBST_CRITERIA"},
     "{o}on nous demande de rejoindre des familles « isolées », mais personne ne s'entend sur "
     "ce que ça veut dire. Des familles en ont besoin et ne cochent pas les cases.{fn}", NULL, 0},
    {G_W, 1, {"OBST_ISOLATION", "SCALE_SUPERVISION"},
     "{o}entre TP, on se parle en visio une fois par mois ; le reste du temps, on est pas mal "
     "laissées à nous-mêmes.", NULL, 0},
    {G_M, 1, {"OBST_FUNDING", "SCALE_TIME", "SCALE_SUPERVISION"},
     "{o}un financement d'un an à la fois, ça ne permet pas de garder le personnel. On a "
     "perdu notre première TP au bout de huit mois.{fn}", NULL, 0},
    {G_M, 1, {"OBST_FUNDING"},
     "{o}on ne sait jamais si le projet sera reconduit. Ça crée beaucoup d'insécurité, pour "
     "l'équipe comme pour les familles.{fn}", NULL, 0},
    {G_M, 1, {"OBST_FUNDING"},
     "{o}la reddition de comptes est lourde pour un poste à temps partiel financé à court "
     "terme.{fn}", NULL, 0},
    {G_M, 1, {"OBST_FUNDING", "SCALE_ANCHOR"},
     "{o}avec un financement par projet, on ne peut pas offrir de conditions qui retiennent "
     "les bonnes personnes. Les salaires du communautaire ne suivent pas.{fn}", NULL, 0},
    {G_M, 1, {"OBST_ROLE", "SCALE_TIME"},
     "{o}le poste a été créé vite, sans description de tâches claire. On l'a définie en "
     "marchant.{f0}", NULL, 0},
    {G_M, 1, {"OBST_ISOLATION"},
     "{o}dans un petit organisme, la TP est souvent la seule de son genre. Elle n'a pas de "
     "collègue qui fait la même chose.{fn}", NULL, 0},
    {G_M, 1, {"OBST_FUNDING"},
     "Nadia a failli partir en janvier parce qu'on ne savait pas si le projet serait "
     "renouvelé.{fn}", NULL, 1},
    {G_P, 1, {"OBST_CRITERIA"},
     "{o}ma sœur n'a pas pu avoir d'aide parce qu'elle n'habite pas dans le bon secteur. "
     "C'est juste de l'autre côté de la rue.{fn}", NULL, 0},
    {G_A, 1, {"OBST_ISOLATION", "OBST_FUNDING"},
     "{o}on voit que {la_tp} est seule pour un grand territoire. Elle ne peut pas tout "
     "porter.{fn}", NULL, 0},

    /* conditions for scaling up */
    {G_W, 1, {"SCALE_TIME"},
     "{o}il m'a fallu presque un an pour trouver ma place. Ce n'est pas un poste qu'on "
     "maîtrise en trois mois.{f0}", NULL, 0},
    {G_W, 1, {"SCALE_SUPERVISION", "OBST_ISOLATION"},
     "{o}une supervision clinique régulière me permettrait de prendre du recul sur les "
     "situations difficiles.{f0}", NULL, 0},
    {G_W, 1, {"SCALE_ANCHOR"},
     "{o}je suis ancré{e} à la fois dans mon organisme et dans le quartier. L'organisme me "
     "donne de la crédibilité, le quartier me donne les familles.", NULL, 0},
    {G_W, 1, {"SCALE_SUPERVISION"},
     "{o}les communautés de pratique entre TP devraient continuer. C'est là que j'ai le plus "
     "appris.{f}", NULL, 0},
    {G_M, 2, {"SCALE_SUPERVISION", "OBST_FUNDING"},
     "{o}si on veut étendre le projet, il faut des postes permanents et une supervision "
     "prévue dans le budget.{f0}", NULL, 0},
    {G_M, 1, {"SCALE_SUPERVISION"},
     "{o}la supervision, on l'a improvisée. Il faudrait un cadre commun pour tous les "
     "organismes porteurs.{f0}", NULL, 0},
    {G_M, 1, {"SCALE_SUPERVISION", "SCALE_TIME", "OBST_ISOLATION"},
     "{o}je rencontre notre TP chaque semaine pour un retour sur les situations. Sans ça, "
     "elle se serait épuisée.", NULL, 0},
    {G_M, 1, {"SCALE_ANCHOR"},
     "{o}le double ancrage est essentiel : rattachée à un organisme famille, mais présente "
     "dans toute la communauté.{f0}", NULL, 0},
    {G_M, 1, {"SCALE_TIME"},
     "{o}il faut laisser aux TP le temps de s'approprier leur rôle, et au territoire celui de "
     "les connaître. Les résultats viennent la deuxième année.", NULL, 0},
    {G_M | G_A, 1, {"SCALE_ANCHOR", "CONCERT"},
     "{o}un porteur seul ne suffit pas : ça marche quand {la_tp} est reconnue à la fois par "
     "l'organisme et par les partenaires du milieu.{f0}", NULL, 0},
    {G_A, 1, {"SCALE_TIME", "CONCERT"},
     "{o}pour que ça dure, il faudrait que {la_tp} soit connue de tous les partenaires dès le "
     "départ, pas après un an.{f0}", NULL, 0},
};
#define N_TEMPLATES (sizeof TEMPLATES / sizeof TEMPLATES[0])

/* Names and places that would re-identify someone (privacy.csv); only
 * the `named` templates quote them. */
typedef struct { const char *term, *kind; } privacy_term;
static const privacy_term PRIVACY_TERMS[] = {
    {"Mélanie", "name"},       {"Karine", "name"},     {"Josée", "name"},
    {"Ahmed", "name"},         {"Nadia", "name"},      {"Sainte-Justine", "place"},
    {"rue Papineau", "place"}, {"parc Jarry", "place"}, {"Jeanne-Mance", "place"},
    {"Pie-IX", "place"},
};
#define N_PRIVACY_TERMS (sizeof PRIVACY_TERMS / sizeof PRIVACY_TERMS[0])

/* ======================================================================
 * Focus groups and interviews: coders
 * ====================================================================== */

/* C1 codes every excerpt; C2 double-codes an exact share of them; C3 codes
 * every excerpt of a few sessions.  C1 applies the codes of the template
 * (core and drawn optional ones); another coder departs from them: per
 * code, drops it or takes a neighbouring code (a sibling, or the theme);
 * per excerpt, sometimes adds an optional code of the template that C1
 * left out (or a neighbour of its first code). */
static const char *const CODERS[] = {"C1", "C2", "C3"};
enum { CODER_MAIN, CODER_DOUBLE, CODER_THIRD, N_CODERS };
#define DOUBLE_CODED_SHARE 0.20
#define THIRD_CODER_SESSIONS 3
#define CODER_DROP_SHARE 0.10
#define CODER_NEIGHBOUR_SHARE 0.12
#define CODER_EXTRA_SHARE 0.12

/* The qualitative material draws from its own generator, seeded from
 * --seed only, so it is the same at every --scale. */
#define QUALITATIVE_SEED_OFFSET 1299709UL

/* ======================================================================
 * Focus groups and interviews: table look-ups and checks
 * ====================================================================== */

static int find_qcode(const char *code)
{
    for (size_t i = 0; i < N_QCODES; i++)
        if (strcmp(CODEBOOK[i].code, code) == 0)
            return (int)i;
    return -1;
}

static int qcode_of(const char *code)
{
    int c = find_qcode(code);
    if (c < 0)
        die_internal("excerpt template: code not in CODEBOOK");
    return c;
}

/* The theme of a code: itself for a top-level code, else its parent. */
static enum theme theme_of(int c)
{
    const char *top = CODEBOOK[c].parent ? CODEBOOK[c].parent : CODEBOOK[c].code;
    for (int t = 0; t < N_THEMES; t++)
        if (strcmp(THEME_CODES[t], top) == 0)
            return (enum theme)t;
    die_internal("code outside the themes of THEME_CODES");
    return N_THEMES;
}

static int template_codes(const excerpt_template *t)
{
    int n = 0;
    while (n < MAX_EXCERPT_CODES && t->codes[n])
        n++;
    return n;
}

static const slot_def *find_slot(const char *name, size_t len, enum group g)
{
    for (size_t i = 0; i < N_SLOTS; i++)
        if (strlen(SLOTS[i].name) == len && strncmp(SLOTS[i].name, name, len) == 0 &&
            (SLOTS[i].groups & (1u << g)))
            return &SLOTS[i];
    return NULL;
}

static int mentions_privacy_term(const char *s)
{
    for (size_t k = 0; k < N_PRIVACY_TERMS; k++)
        if (strstr(s, PRIVACY_TERMS[k].term))
            return 1;
    return 0;
}

/* The codebook lists parents first and its themes are THEME_CODES; every
 * template's codes exist, its slots serve its groups, and only the named
 * ones quote a privacy term; every theme a group talks about has a
 * template for that group. */
static void check_qualitative(void)
{
    for (size_t i = 0; i < N_QCODES; i++) {
        const char *p = CODEBOOK[i].parent;
        if (find_qcode(CODEBOOK[i].code) != (int)i)
            die_internal("CODEBOOK: duplicate code");
        if (p && (find_qcode(p) < 0 || find_qcode(p) >= (int)i ||
                  CODEBOOK[find_qcode(p)].parent))
            die_internal("CODEBOOK: parent missing, after its child, or not a theme");
        theme_of((int)i);
    }
    int has[N_GROUPS][N_THEMES] = {{0}};
    for (size_t k = 0; k < N_TEMPLATES; k++) {
        const excerpt_template *t = &TEMPLATES[k];
        int n = template_codes(t);
        if (t->n_core < 1 || t->n_core > n || !t->groups)
            die_internal("excerpt template: bad codes or groups");
        for (int j = 0; j < n; j++)
            for (int i = 0; i < j; i++)
                if (qcode_of(t->codes[i]) == qcode_of(t->codes[j]))
                    die_internal("excerpt template: a code twice");
        for (int g = 0; g < N_GROUPS; g++) {
            if (!(t->groups & (1u << g)))
                continue;
            has[g][theme_of(qcode_of(t->codes[0]))] = 1;
            for (const char *s = strchr(t->text, '{'); s; s = strchr(s + 1, '{')) {
                const char *end = strchr(s, '}');
                if (!end || !find_slot(s + 1, (size_t)(end - s - 1), (enum group)g))
                    die_internal("excerpt template: unknown slot for its group");
            }
        }
        if (mentions_privacy_term(t->text) != t->named)
            die_internal("excerpt template: privacy term and `named` disagree");
    }
    for (size_t i = 0; i < N_SLOTS; i++)
        if (mentions_privacy_term(SLOTS[i].fem) ||
            (SLOTS[i].masc && mentions_privacy_term(SLOTS[i].masc)))
            die_internal("slot quotes a privacy term");
    for (int g = 0; g < N_GROUPS; g++)
        for (int th = 0; th < N_THEMES; th++)
            if (THEME_WEIGHT[g][th] > 0 && !has[g][th])
                die_internal("THEME_WEIGHT: a group talks about a theme it has no template for");
}

/* ======================================================================
 * Focus groups and interviews: text of the excerpts
 * ====================================================================== */

/* Who speaks: group and grammatical genders. */
typedef struct {
    enum group group;
    int female, tp_female;
} voice;

typedef struct {
    char *p, *end;
} text_buf;

static void buf_put(text_buf *b, const char *s, size_t n)
{
    if (n >= (size_t)(b->end - b->p))
        die_internal("excerpt text too long");
    memcpy(b->p, s, n);
    b->p += n;
    *b->p = '\0';
}

/* Alternative k of an ALT_SEP-separated list. */
static void put_alternative(text_buf *b, const char *list, size_t k)
{
    for (; k > 0; k--)
        list = strchr(list, ALT_SEP) + 1;
    const char *end = strchr(list, ALT_SEP);
    buf_put(b, list, end ? (size_t)(end - list) : strlen(list));
}

static size_t count_alternatives(const char *list)
{
    size_t n = 1;
    for (; *list; list++)
        n += *list == ALT_SEP;
    return n;
}

static void fill_slot(gsl_rng *r, text_buf *b, const slot_def *s, const voice *v)
{
    const char *list = s->fem;
    if ((s->agree == AGREE_SPEAKER && !v->female) || (s->agree == AGREE_TP && !v->tp_female))
        list = s->masc;
    put_alternative(b, list, gsl_rng_uniform_int(r, count_alternatives(list)));
}

/* Upper-case the letter at p (ASCII, or Latin-1 lower case in UTF-8). */
static void capitalise(char *p)
{
    unsigned char *u = (unsigned char *)p;
    if (u[0] >= 'a' && u[0] <= 'z')
        u[0] = (unsigned char)(u[0] - 'a' + 'A');
    else if (u[0] == 0xC3 && u[1] >= 0xA0 && u[1] <= 0xBE && u[1] != 0xB7)
        u[1] = (unsigned char)(u[1] - 0x20);
}

/* Capital letters at the start of the excerpt and of each sentence. */
static void capitalise_sentences(char *s)
{
    capitalise(s);
    for (char *p = s; *p; p++)
        if ((p[0] == '.' || p[0] == '?' || p[0] == '!') && p[1] == ' ')
            capitalise(p + 2);
}

#define NNBSP "\u202F"
#define GUILLEMET_OPEN "\u00AB"
#define GUILLEMET_CLOSE "\u00BB"

/* French spacing: an ordinary space before ? ! : ; or a closing
 * guillemet, or after an opening one, becomes a narrow no-break space. */
static int thin_space_at(const char *in, const char *p)
{
    size_t n = strlen(GUILLEMET_OPEN);
    if (*p != ' ')
        return 0;
    if (p[1] && strchr("?!:;", p[1]))
        return 1;
    if (strncmp(p + 1, GUILLEMET_CLOSE, strlen(GUILLEMET_CLOSE)) == 0)
        return 1;
    return (size_t)(p - in) >= n && strncmp(p - n, GUILLEMET_OPEN, n) == 0;
}

static void french_spacing(const char *in, char *out, size_t size)
{
    text_buf b = {out, out + size};
    *out = '\0';
    for (const char *p = in; *p; p++) {
        if (thin_space_at(in, p))
            buf_put(&b, NNBSP, strlen(NNBSP));
        else
            buf_put(&b, p, 1);
    }
}

#define EXCERPT_MAX 1024

/* The text of one excerpt: the template's slots filled, sentences
 * capitalised, French spacing. */
static void write_excerpt_text(gsl_rng *r, const char *tmpl, const voice *v,
                               char out[EXCERPT_MAX])
{
    char raw[EXCERPT_MAX];
    text_buf b = {raw, raw + sizeof raw};
    raw[0] = '\0';
    for (const char *p = tmpl; *p;) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            fill_slot(r, &b, find_slot(p + 1, (size_t)(end - p - 1), v->group), v);
            p = end + 1;
        } else {
            const char *next = strchr(p, '{');
            size_t n = next ? (size_t)(next - p) : strlen(p);
            buf_put(&b, p, n);
            p += n;
        }
    }
    capitalise_sentences(raw);
    french_spacing(raw, out, EXCERPT_MAX);
}

/* ======================================================================
 * Focus groups and interviews: drawing sessions, excerpts and codings
 * ====================================================================== */

typedef struct {
    char id[8];
    enum group group;
    enum session_kind kind;
    const char *region; /* "" for an interregional group */
    long day;           /* days since 1970 */
    int participants, order;
} session;

typedef struct {
    int session, speaker, tmpl;
    int codes[N_CODERS][MAX_EXCERPT_CODES], n_codes[N_CODERS]; /* n 0: not coded */
} excerpt;

typedef struct {
    session *sessions;
    size_t n_sessions;
    excerpt *excerpts;
    char **texts; /* of the excerpts, so that none is written twice */
    size_t n_excerpts, cap;
    int uses[N_TEMPLATES], exhausted[N_TEMPLATES];
} qualitative;

static int cmp_session(const void *a, const void *b)
{
    const session *x = a, *y = b;
    if (x->day != y->day)
        return (x->day > y->day) - (x->day < y->day);
    return (x->order > y->order) - (x->order < y->order);
}

/* A weekday of the sessions' window. */
static long session_day(gsl_rng *r)
{
    long first = days_from_civil(SESSIONS_START);
    for (;;) {
        long d = first + (long)gsl_rng_uniform_int(r, SESSIONS_DAYS);
        int weekday = (int)((d % 7 + 7 + 3) % 7); /* 0 Monday .. 6 Sunday; 1970-01-01 a Thursday */
        if (weekday < 5)
            return d;
    }
}

/* Sessions of SESSION_PLAN, in the regions of territories taken at random
 * (so busier regions hold more), numbered S01.. in date order. */
static void draw_sessions(gsl_rng *r, qualitative *q)
{
    size_t n = 0;
    for (size_t k = 0; k < N_SESSION_PLAN; k++)
        n += (size_t)SESSION_PLAN[k].count;
    q->sessions = xcalloc(n, sizeof *q->sessions);
    q->n_sessions = n;
    int interregional = 0;
    size_t i = 0;
    for (size_t k = 0; k < N_SESSION_PLAN; k++) {
        const session_plan *pl = &SESSION_PLAN[k];
        for (int j = 0; j < pl->count; j++, i++) {
            session *s = &q->sessions[i];
            s->group = pl->group;
            s->kind = pl->kind;
            s->order = (int)i;
            s->participants =
                pl->min_participants +
                (int)gsl_rng_uniform_int(r, (unsigned long)(pl->max_participants -
                                                            pl->min_participants + 1));
            s->region = TERRITORIES[gsl_rng_uniform_int(r, N_TERRITORIES)].region;
            if (pl->group == GROUP_WORKER && pl->kind == FOCUS_GROUP &&
                interregional < INTERREGIONAL_WORKER_GROUPS) {
                s->region = "";
                interregional++;
            }
            s->day = session_day(r);
        }
    }
    qsort(q->sessions, n, sizeof *q->sessions, cmp_session);
    for (i = 0; i < n; i++)
        snprintf(q->sessions[i].id, sizeof q->sessions[i].id, "S%02u", (unsigned)(i + 1) % 100);
}

static double template_weight(const excerpt_template *t)
{
    return t->named ? NAMED_TEMPLATE_WEIGHT : 1.0;
}

/* Index drawn with probability proportional to w[0..n-1] (sum > 0). */
static size_t pick_weighted(gsl_rng *r, const double *w, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    double u = gsl_rng_uniform(r) * sum;
    for (size_t i = 0; i < n; i++) {
        if (u < w[i])
            return i;
        u -= w[i];
    }
    for (size_t i = n; i > 0; i--) /* rounding: the last positive weight */
        if (w[i - 1] > 0)
            return i - 1;
    die_internal("pick_weighted: no positive weight");
    return 0;
}

#define MAX_THEME_DRAWS 50 /* then a template already used in the session may come back */
#define MAX_TEXT_DRAWS 20  /* fillings of a template tried for a new text */

/* A template for this speaker: a theme by THEME_WEIGHT, then one of its
 * templates for the group and region, preferably not yet used in the
 * session; a named template is used once at most, and a template whose
 * fillings gave only texts already written is not used again. */
static int pick_template(gsl_rng *r, const qualitative *q, const session *s, const int *used)
{
    double w[N_TEMPLATES];
    for (int draw = 0;; draw++) {
        if (draw > 100 * MAX_THEME_DRAWS)
            die_internal("no template left for a group");
        enum theme th = (enum theme)pick_weighted(r, THEME_WEIGHT[s->group], N_THEMES);
        double sum = 0;
        for (size_t k = 0; k < N_TEMPLATES; k++) {
            const excerpt_template *t = &TEMPLATES[k];
            int fits = (t->groups & (1u << s->group)) &&
                       theme_of(qcode_of(t->codes[0])) == th &&
                       (!t->region || strcmp(t->region, s->region) == 0) &&
                       !q->exhausted[k] && !(t->named && q->uses[k]) &&
                       (!used[k] || draw >= MAX_THEME_DRAWS);
            w[k] = fits ? template_weight(t) : 0;
            sum += w[k];
        }
        if (sum > 0)
            return (int)pick_weighted(r, w, N_TEMPLATES);
    }
}

/* C1's codes of an excerpt: the template's core codes, and each optional
 * one with OPTIONAL_CODE_SHARE. */
static void main_codes(gsl_rng *r, const excerpt_template *t, excerpt *e)
{
    int n = template_codes(t), *out = e->codes[CODER_MAIN], k = 0;
    for (int j = 0; j < n; j++)
        if (j < t->n_core || gsl_rng_uniform(r) < OPTIONAL_CODE_SHARE)
            out[k++] = qcode_of(t->codes[j]);
    e->n_codes[CODER_MAIN] = k;
}

static int has_code(const int *codes, int n, int c)
{
    for (int i = 0; i < n; i++)
        if (codes[i] == c)
            return 1;
    return 0;
}

/* A code next to c: another child of its theme (or the theme itself when
 * it has none); for a theme, one of its children; -1 if none. */
static int neighbour_code(gsl_rng *r, int c)
{
    const char *family = CODEBOOK[c].parent ? CODEBOOK[c].parent : CODEBOOK[c].code;
    int cand[N_QCODES], n = 0;
    for (size_t i = 0; i < N_QCODES; i++)
        if ((int)i != c && CODEBOOK[i].parent && strcmp(CODEBOOK[i].parent, family) == 0)
            cand[n++] = (int)i;
    if (n == 0)
        return CODEBOOK[c].parent ? find_qcode(family) : -1;
    return cand[gsl_rng_uniform_int(r, (unsigned long)n)];
}

/* Another coder's codes, departing from C1's (see CODERS). */
static void other_codes(gsl_rng *r, const excerpt_template *t, excerpt *e, int coder)
{
    const int *ref = e->codes[CODER_MAIN];
    int n_ref = e->n_codes[CODER_MAIN], *out = e->codes[coder], k = 0;
    for (int i = 0; i < n_ref; i++) {
        double u = gsl_rng_uniform(r);
        int c = ref[i];
        if (u < CODER_DROP_SHARE)
            continue;
        if (u < CODER_DROP_SHARE + CODER_NEIGHBOUR_SHARE) {
            int nb = neighbour_code(r, c);
            if (nb >= 0)
                c = nb;
        }
        if (!has_code(out, k, c))
            out[k++] = c;
    }
    if (k == 0)
        out[k++] = ref[0];
    if (k < MAX_EXCERPT_CODES && gsl_rng_uniform(r) < CODER_EXTRA_SHARE) {
        int extra = -1;
        for (int j = template_codes(t) - 1; j >= t->n_core && extra < 0; j--) {
            int c = qcode_of(t->codes[j]);
            if (!has_code(ref, n_ref, c) && !has_code(out, k, c))
                extra = c;
        }
        if (extra < 0)
            extra = neighbour_code(r, out[0]);
        if (extra >= 0 && !has_code(out, k, extra))
            out[k++] = extra;
    }
    e->n_codes[coder] = k;
}

/* A filling of template k not yet written (kept in q->texts); 0 if
 * MAX_TEXT_DRAWS fillings gave none. */
static int new_text(gsl_rng *r, const qualitative *q, int k, const voice *v,
                    char text[EXCERPT_MAX])
{
    for (int d = 0; d < MAX_TEXT_DRAWS; d++) {
        write_excerpt_text(r, TEMPLATES[k].text, v, text);
        size_t i = 0;
        while (i < q->n_excerpts && strcmp(q->texts[i], text) != 0)
            i++;
        if (i == q->n_excerpts)
            return 1;
    }
    return 0;
}

static excerpt *new_excerpt(qualitative *q, const char *text)
{
    if (q->n_excerpts == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 256;
        q->excerpts = realloc(q->excerpts, q->cap * sizeof *q->excerpts);
        q->texts = realloc(q->texts, q->cap * sizeof *q->texts);
        if (!q->excerpts || !q->texts)
            die_io("memory", ENOMEM);
    }
    q->texts[q->n_excerpts] = strdup(text);
    if (!q->texts[q->n_excerpts])
        die_io("memory", ENOMEM);
    excerpt *e = &q->excerpts[q->n_excerpts++];
    memset(e, 0, sizeof *e);
    return e;
}

/* Excerpts of one session: its participants' speaking weights and genders,
 * then for each excerpt a speaker, a template, a new text and C1's codes.
 * Appends to q->excerpts; writes the rows of excerpts.csv to fp. */
static void draw_session_excerpts(gsl_rng *r, qualitative *q, int si, FILE *fp)
{
    const session *s = &q->sessions[si];
    int np = s->participants;
    double talk[MAX_PARTICIPANTS];
    voice v[MAX_PARTICIPANTS];
    for (int i = 0; i < np; i++) {
        talk[i] = gsl_ran_gamma(r, TALK_SHAPE, 1.0);
        v[i].group = s->group;
        v[i].female = gsl_rng_uniform(r) < SPEAKER_FEMALE_SHARE[s->group];
        v[i].tp_female = gsl_rng_uniform(r) < TP_FEMALE_SHARE;
    }
    const int *range = EXCERPTS_PER_SESSION[s->kind];
    int n = range[0] + (int)gsl_rng_uniform_int(r, (unsigned long)(range[1] - range[0] + 1));
    int used[N_TEMPLATES] = {0};
    for (int j = 0; j < n; j++) {
        int speaker = np > 1 ? (int)pick_weighted(r, talk, (size_t)np) : 0, k;
        char text[EXCERPT_MAX], label[32], id[8];
        for (;;) {
            k = pick_template(r, q, s, used);
            used[k] = 1;
            if (new_text(r, q, k, &v[speaker], text))
                break;
            q->exhausted[k] = 1;
        }
        q->uses[k]++;
        excerpt *e = new_excerpt(q, text);
        e->session = si;
        e->speaker = speaker;
        e->tmpl = k;
        if (SPEAKER_LETTERED[s->group])
            snprintf(label, sizeof label, "%s %c", SPEAKER_PREFIX[s->group], 'A' + speaker % 26);
        else
            snprintf(label, sizeof label, "%s %d", SPEAKER_PREFIX[s->group], speaker + 1);
        snprintf(id, sizeof id, "E%04u", (unsigned)q->n_excerpts % 10000);
        const char *row[] = {id, s->id, label, text};
        csv_row(fp, 4, row);
        main_codes(r, &TEMPLATES[k], e);
    }
}

/* Which excerpts the other coders code: for C2, an exact share of the
 * excerpts, apportioned to the sessions by their size and drawn in each by
 * selection sampling; for C3, every excerpt of THIRD_CODER_SESSIONS
 * sessions. */
static void draw_other_coders(gsl_rng *r, qualitative *q)
{
    double *size = xcalloc(q->n_sessions, sizeof *size);
    long *need_in = xcalloc(q->n_sessions, sizeof *need_in);
    long *left_in = xcalloc(q->n_sessions, sizeof *left_in);
    for (size_t i = 0; i < q->n_excerpts; i++)
        size[q->excerpts[i].session]++;
    apportion(size, q->n_sessions, lround(DOUBLE_CODED_SHARE * (double)q->n_excerpts), need_in);
    for (size_t s = 0; s < q->n_sessions; s++)
        left_in[s] = (long)size[s];
    for (size_t i = 0; i < q->n_excerpts; i++) {
        int s = q->excerpts[i].session;
        if (take(r, &need_in[s], &left_in[s]))
            other_codes(r, &TEMPLATES[q->excerpts[i].tmpl], &q->excerpts[i], CODER_DOUBLE);
    }
    free(size);
    free(need_in);
    free(left_in);

    int *third = xcalloc(q->n_sessions, sizeof *third);
    long need = THIRD_CODER_SESSIONS, left = (long)q->n_sessions;
    for (size_t s = 0; s < q->n_sessions; s++)
        third[s] = take(r, &need, &left);
    for (size_t i = 0; i < q->n_excerpts; i++)
        if (third[q->excerpts[i].session])
            other_codes(r, &TEMPLATES[q->excerpts[i].tmpl], &q->excerpts[i], CODER_THIRD);
    free(third);
}

/* ======================================================================
 * Focus groups and interviews: files
 * ====================================================================== */

static void write_codebook(const char *dir)
{
    static const char *const header[] = {"code", "parent", "label_fr", "label_en", "valence",
                                         "description"};
    out_file o;
    out_open(&o, dir, "codebook.csv");
    csv_row(o.fp, 6, header);
    for (size_t i = 0; i < N_QCODES; i++) {
        const qcode_def *c = &CODEBOOK[i];
        char description[EXCERPT_MAX];
        french_spacing(c->description, description, sizeof description);
        const char *row[] = {c->code, c->parent ? c->parent : "", c->label_fr, c->label_en,
                             VALENCE_NAMES[c->valence], description};
        csv_row(o.fp, 6, row);
    }
    out_close(&o);
}

static void write_sessions(const char *dir, const qualitative *q)
{
    static const char *const header[] = {"session_id", "kind", "group", "region", "date",
                                         "participants"};
    out_file o;
    out_open(&o, dir, "sessions.csv");
    csv_row(o.fp, 6, header);
    for (size_t i = 0; i < q->n_sessions; i++) {
        const session *s = &q->sessions[i];
        char date[11], participants[16];
        format_date(date, civil_from_days(s->day));
        snprintf(participants, sizeof participants, "%d", s->participants);
        const char *row[] = {s->id, SESSION_KIND_NAMES[s->kind], GROUPS[s->group].code,
                             s->region, date, participants};
        csv_row(o.fp, 6, row);
    }
    out_close(&o);
}

static void write_codings(const char *dir, const qualitative *q)
{
    static const char *const header[] = {"excerpt_id", "coder", "code"};
    out_file o;
    out_open(&o, dir, "codings.csv");
    csv_row(o.fp, 3, header);
    for (size_t i = 0; i < q->n_excerpts; i++) {
        char id[8];
        snprintf(id, sizeof id, "E%04u", (unsigned)(i + 1) % 10000);
        for (int c = 0; c < N_CODERS; c++)
            for (int k = 0; k < q->excerpts[i].n_codes[c]; k++) {
                const char *row[] = {id, CODERS[c], CODEBOOK[q->excerpts[i].codes[c][k]].code};
                csv_row(o.fp, 3, row);
            }
    }
    out_close(&o);
}

static void write_privacy(const char *dir)
{
    static const char *const header[] = {"term", "kind"};
    out_file o;
    out_open(&o, dir, "privacy.csv");
    csv_row(o.fp, 2, header);
    for (size_t i = 0; i < N_PRIVACY_TERMS; i++) {
        const char *row[] = {PRIVACY_TERMS[i].term, PRIVACY_TERMS[i].kind};
        csv_row(o.fp, 2, row);
    }
    out_close(&o);
}

/* All focus-group files, from their own generator (see
 * QUALITATIVE_SEED_OFFSET). */
static void write_qualitative(const char *dir, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        die_io("memory", ENOMEM);
    gsl_rng_set(r, (seed + QUALITATIVE_SEED_OFFSET) & 0xFFFFFFFFUL);

    qualitative q = {0};
    draw_sessions(r, &q);
    write_codebook(dir);
    write_sessions(dir, &q);

    out_file o;
    out_open(&o, dir, "excerpts.csv");
    static const char *const header[] = {"excerpt_id", "session_id", "speaker", "text"};
    csv_row(o.fp, 4, header);
    for (size_t s = 0; s < q.n_sessions; s++)
        draw_session_excerpts(r, &q, (int)s, o.fp);
    out_close(&o);

    draw_other_coders(r, &q);
    write_codings(dir, &q);
    write_privacy(dir);
    for (size_t i = 0; i < q.n_excerpts; i++)
        free(q.texts[i]);
    free(q.texts);
    free(q.sessions);
    free(q.excerpts);
    gsl_rng_free(r);
}

/* ======================================================================
 * Consistency of the fixed tables with the published targets
 * ====================================================================== */

static void check_tables(void)
{
    int carriers[N_CARRIERS] = {0};
    if (N_TERRITORIES != (size_t)PILOT.territories || N_REGIONS != (size_t)PILOT.regions)
        die_internal("territory or region table does not match PILOT");
    for (size_t t = 0; t < N_TERRITORIES; t++) {
        size_t g = 0;
        while (g < N_REGIONS && strcmp(REGIONS[g].code, TERRITORIES[t].region) != 0)
            g++;
        if (g == N_REGIONS)
            die_internal("territory in an unknown region");
        carriers[TERRITORIES[t].carrier]++;
    }
    if (carriers[CARRIER_OCF] != PILOT.carrier_ocf ||
        carriers[CARRIER_CPSC] != PILOT.carrier_cpsc ||
        carriers[CARRIER_BOTH] != PILOT.carrier_both)
        die_internal("carrier counts do not match PILOT");
    check_instruments();
    check_qualitative();
}

/* ======================================================================
 * Command line
 * ====================================================================== */

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: gendemo [--scale N] [--seed S] OUTDIR\n"
            "Write the synthetic demo dataset into OUTDIR: participation (config.csv,\n"
            "codes.csv, territories.csv, families.csv, children.csv, referrals.csv)\n"
            "and questionnaires (instruments.csv, items.csv, scales.csv,\n"
            "mapping_parents.csv, responses_*.csv; the partners' CSV is converted to\n"
            "responses_partners.sav by PSPP: pspp tools/partners_sav.sps) and focus\n"
            "groups (codebook.csv, sessions.csv, excerpts.csv, codings.csv,\n"
            "privacy.csv).\n"
            "\n"
            "  --scale N  N times as many families, children and referrals\n"
            "             (1..%ld, default 1: the pilot's published figures);\n"
            "             the questionnaires and focus groups are the same at\n"
            "             every scale\n"
            "  --seed S   seed of the MT19937 generator (default %lu)\n"
            "  --help     print this help and exit\n"
            "\n"
            "Same seed and scale, same bytes.  Exit status: 0 success, 2 usage\n"
            "error, 3 I/O error.\n",
            MAX_SCALE, DEFAULT_SEED);
}

static void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gendemo: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry 'gendemo --help'.\n", stderr);
    va_end(ap);
    exit(EXIT_USAGE);
}

/* Unsigned decimal in [lo, hi], the whole string; -1 on failure. */
static int parse_ulong(const char *s, unsigned long lo, unsigned long hi,
                       unsigned long *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

typedef struct {
    long scale;
    unsigned long seed;
    const char *outdir;
} options;

static options parse_args(int argc, char **argv)
{
    options opt = {1, DEFAULT_SEED, NULL};
    int only_operands = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        unsigned long v;
        if (!only_operands && strcmp(a, "--help") == 0) {
            usage(stdout);
            if (fflush(stdout) != 0 || ferror(stdout))
                die_io("stdout", errno ? errno : EIO);
            exit(0);
        } else if (!only_operands && strcmp(a, "--") == 0) {
            only_operands = 1;
        } else if (!only_operands &&
                   (strcmp(a, "--scale") == 0 || strcmp(a, "--seed") == 0)) {
            if (i + 1 >= argc)
                usage_error("option '%s' needs a value", a);
            const char *val = argv[++i];
            if (strcmp(a, "--scale") == 0) {
                if (parse_ulong(val, 1, (unsigned long)MAX_SCALE, &v) != 0)
                    usage_error("--scale: not an integer in 1..%ld: '%s'", MAX_SCALE, val);
                opt.scale = (long)v;
            } else {
                if (parse_ulong(val, 0, 0xFFFFFFFFUL, &v) != 0)
                    usage_error("--seed: not an integer in 0..4294967295: '%s'", val);
                opt.seed = v;
            }
        } else if (!only_operands && a[0] == '-' && a[1] != '\0') {
            usage_error("unknown option '%s'", a);
        } else if (opt.outdir) {
            usage_error("more than one OUTDIR ('%s')", a);
        } else {
            opt.outdir = a;
        }
    }
    if (!opt.outdir)
        usage_error("missing OUTDIR");
    return opt;
}

/* ======================================================================
 * Main
 * ====================================================================== */

int main(int argc, char **argv)
{
    options opt = parse_args(argc, argv);
    check_tables();
    period_init();

    if (mkdir(opt.outdir, 0777) != 0 && errno != EEXIST)
        die_io(opt.outdir, errno);

    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        die_io("memory", ENOMEM);
    gsl_rng_set(r, opt.seed);

    population p;
    population_draw(r, opt.scale, &p);

    write_config(opt.outdir);
    write_codes(opt.outdir);
    write_territories(opt.outdir);
    write_families(opt.outdir, &p);
    write_children(opt.outdir, r, &p);
    write_referrals(opt.outdir, r, &p);
    write_questionnaires(opt.outdir, opt.seed);
    write_qualitative(opt.outdir, opt.seed);

    population_free(&p);
    gsl_rng_free(r);
    free(period.text);
    return 0;
}
