/* gendemo — write the synthetic demo participation dataset of proxeval.
 *
 *     gendemo [--scale N] [--seed S] OUTDIR
 *
 * Writes config.csv, codes.csv, territories.csv, families.csv, children.csv
 * and referrals.csv into OUTDIR, laid out as data/README.md says.  The data
 * are drawn with GSL's MT19937 from a fixed default seed, so the same seed
 * and scale give byte-identical files (no clock, no locale, no environment).
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
}

/* ======================================================================
 * Command line
 * ====================================================================== */

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: gendemo [--scale N] [--seed S] OUTDIR\n"
            "Write the synthetic demo participation dataset (config.csv, codes.csv,\n"
            "territories.csv, families.csv, children.csv, referrals.csv) into OUTDIR.\n"
            "\n"
            "  --scale N  N times as many families, children and referrals\n"
            "             (1..%ld, default 1: the pilot's published figures)\n"
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

    population_free(&p);
    gsl_rng_free(r);
    free(period.text);
    return 0;
}
