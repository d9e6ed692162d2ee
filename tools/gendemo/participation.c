/* participation.c — the participation reports: config.csv, codes.csv,
 * territories.csv (as read from the data files), families.csv,
 * children.csv and referrals.csv (drawn).  See gendemo.h. */
#include "gendemo.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

/* ======================================================================
 * Model parameters (not published: chosen to look plausible).  The month
 * ramp and the age weights are data files (months.csv, ages.csv), since
 * the period and the ages come from config.csv.
 * ====================================================================== */

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
 * The period: day offsets 0..n_days-1, with every date preformatted
 * ====================================================================== */

static struct {
    char (*text)[11]; /* text[i] is "YYYY-MM-DD" of day i */
    int *month_first, *month_last;
} period;

static void period_init(void)
{
    period.text = pv_xcalloc((size_t)D.n_days, sizeof *period.text);
    for (int i = 0; i < D.n_days; i++)
        format_day(period.text[i], D.period_first + i);
    /* months.csv lists the months of the period (data.c checked it) */
    period.month_first = pv_xcalloc(D.n_months, sizeof *period.month_first);
    period.month_last = pv_xcalloc(D.n_months, sizeof *period.month_last);
    size_t m = 0;
    for (int i = 0; i < D.n_days; i++) {
        if (i > 0 && strcmp(period.text[i] + 8, "01") == 0)
            m++;
        if (m >= D.n_months)
            die_internal("the period has more months than months.csv");
        if (i == 0 || strcmp(period.text[i] + 8, "01") == 0)
            period.month_first[m] = i;
        period.month_last[m] = i;
    }
}

static void period_free(void)
{
    free(period.text);
    free(period.month_first);
    free(period.month_last);
}

/* ======================================================================
 * The generated population
 * ====================================================================== */

typedef struct {
    long n_families, n_isolated, n_children, n_young, n_referrals, n_headline;
    int *first_contact;        /* day offset in the period */
    unsigned char *territory;  /* index in D.territories */
    unsigned char *isolated;   /* 0 / 1 */
    unsigned char *reach;      /* enum reach */
    unsigned char *n_kids;     /* 1..MAX_FAMILY_SIZE */
    unsigned int *n_refs;      /* 0.. */
    unsigned int max_refs;
} population;

/* First contacts: exact count per month following months.csv, uniform day
 * within the month; families are numbered in date order. */
static void draw_first_contacts(gsl_rng *r, population *p)
{
    long *per_month = pv_xcalloc(D.n_months, sizeof *per_month);
    apportion(D.month_weight, D.n_months, p->n_families, per_month);
    long f = 0;
    for (size_t m = 0; m < D.n_months; m++) {
        int lo = period.month_first[m];
        unsigned long span = (unsigned long)(period.month_last[m] - lo + 1);
        long start = f;
        for (long j = 0; j < per_month[m]; j++)
            p->first_contact[f++] = lo + (int)gsl_rng_uniform_int(r, span);
        qsort(p->first_contact + start, (size_t)per_month[m], sizeof(int), cmp_int);
    }
    free(per_month);
}

/* Territories: exact counts proportional to Gamma weights, dealt out. */
static void draw_territories(gsl_rng *r, population *p)
{
    size_t n = D.n_territories;
    double *w = pv_xcalloc(n, sizeof *w);
    long *counts = pv_xcalloc(n, sizeof *counts);
    for (size_t t = 0; t < n; t++)
        w[t] = gsl_ran_gamma(r, TERRITORY_SIZE_SHAPE, 1.0);
    apportion(w, n, p->n_families, counts);
    deal(r, counts, n, p->territory, (size_t)p->n_families);
    free(w);
    free(counts);
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
    double *w = pv_xcalloc((size_t)p->n_families, sizeof *w);
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
    p->first_contact = pv_xcalloc(n, sizeof *p->first_contact);
    p->territory = pv_xcalloc(n, 1);
    p->isolated = pv_xcalloc(n, 1);
    p->reach = pv_xcalloc(n, 1);
    p->n_kids = pv_xcalloc(n, 1);
    p->n_refs = pv_xcalloc(n, sizeof *p->n_refs);

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
        q = put_str(q, D.territories[p->territory[f]].id);
        *q++ = ',';
        q = put_str(q, period.text[p->first_contact[f]]);
        *q++ = ',';
        q = put_str(q, p->isolated[f] ? "oui" : "non");
        *q++ = ',';
        q = put_str(q, code_of("reach", p->reach[f]));
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

    int young_max = D.young_age_max;
    gsl_ran_discrete_t *young_age = gsl_ran_discrete_preproc(
        (size_t)young_max + 1, D.age_weight);
    gsl_ran_discrete_t *older_age = gsl_ran_discrete_preproc(
        (size_t)(D.max_child_age - young_max), D.age_weight + young_max + 1);
    if (!young_age || !older_age)
        pv_xalloc_die();

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
                            : young_max + 1 + (int)gsl_ran_discrete(r, older_age);
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
    int last = D.n_days - 1;
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
        pv_xalloc_die();
    for (int d = 0; d < N_DEST; d++)
        if (!(need_of[d] = gsl_ran_discrete_preproc(N_NEED, NEED_BY_DEST[d])))
            pv_xalloc_die();

    int *days = pv_xcalloc(p->max_refs, sizeof *days);
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
                       CPSC_SHARE_BY_CARRIER[D.territories[p->territory[f]].carrier]
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
            q = put_str(q, code_of("destination", dest));
            *q++ = ',';
            q = put_str(q, code_of("need", nd));
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
 * All participation files, from the main generator (seeded with --seed)
 * ====================================================================== */

void write_participation(const char *dir, unsigned long seed, long scale)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        pv_xalloc_die();
    gsl_rng_set(r, seed);
    period_init();

    population p;
    population_draw(r, scale, &p);
    write_table(dir, "config.csv", &D.config.vt);
    write_table(dir, "codes.csv", &D.codes.vt);
    write_table(dir, "territories.csv", data_table("territories"));
    write_families(dir, &p);
    write_children(dir, r, &p);
    write_referrals(dir, r, &p);

    population_free(&p);
    period_free();
    gsl_rng_free(r);
}
