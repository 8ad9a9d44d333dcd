/*
 * gostengine_bench.c - reference figures for GOST hashes and GOST R 34.10
 * signature verification as implemented by OpenSSL 3.0 + gost-engine.
 *
 * Needs (Debian 12):
 *     apt-get install libengine-gost-openssl libssl-dev gcc
 * Build and run (bench/compare.sh does this for you):
 *     gcc -O2 -o /tmp/gostengine_bench bench/gostengine_bench.c -lcrypto
 *     /tmp/gostengine_bench [-t SECONDS] [FIGURE-PREFIX ...]
 *         -t SECONDS       measuring time per figure (default 2; warm-up is extra 0.3 s)
 *         FIGURE-PREFIX    only run figures whose name starts with one of these,
 *                          e.g. "Streebog" or "Verify/2012-512"
 *
 * Output: one line per figure, "<figure> <unit> <value>", e.g.
 *     Streebog256 MB/s 117.2
 *     Verify/2012-256-TC26-A us/op 177.0
 *     VerifyHash/2012-256-TC26-A us/op 171.3
 * Lines starting with '#' are comments (versions, settings).
 *
 * Figures:
 *   Streebog256, Streebog512, GOST94   MB/s (1 MB = 10^6 bytes) of EVP_DigestUpdate
 *       over 8 KiB buffers (md_gost12_256, md_gost12_512, md_gost94), one
 *       EVP_DigestInit/Final around the whole run, like `openssl speed -bytes 8192`.
 *   Verify/<name>      us per EVP_DigestVerifyInit + EVP_DigestVerify of a 32-byte
 *       message (hashing it is negligible) with a key generated here
 *       (EVP_PKEY_keygen with the engine's "paramset" ctrl string).
 *   VerifyHash/<name>  us per EVP_PKEY_verify of a precomputed digest
 *       (just the elliptic-curve verification, context reused).
 * <name> is the same as the fixture names in testdata/gost (e.g. 2001-CryptoPro-A,
 * 2012-256-TC26-B, 2012-512-TC26-C).
 *
 * Every verification result is checked (must be 1), and a corrupted signature
 * must be rejected, so a broken setup cannot produce fast-looking numbers.
 * The benchmark is single-threaded.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1 /* the ENGINE API is deprecated in 3.0 but works */

#include <openssl/crypto.h>
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double measure_seconds = 2.0;
static const double warmup_seconds = 0.3;
static ENGINE *eng;
static char **filters;
static int nfilters;

static void fail(const char *what, const char *name)
{
    fprintf(stderr, "gostengine_bench: %s failed (%s)\n", what, name ? name : "-");
    ERR_print_errors_fp(stderr);
    exit(1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int selected(const char *figure)
{
    if (nfilters == 0)
        return 1;
    for (int i = 0; i < nfilters; i++)
        if (strncmp(figure, filters[i], strlen(filters[i])) == 0)
            return 1;
    return 0;
}

static const EVP_MD *get_md(const char *name)
{
    const EVP_MD *md = ENGINE_get_digest(eng, OBJ_sn2nid(name));
    if (md == NULL)
        md = EVP_get_digestbyname(name);
    if (md == NULL)
        fail("looking up digest", name);
    return md;
}

/* ------------------------------------------------------------ digests --- */

#define BUFSZ 8192

static void bench_digest(const char *figure, const char *mdname)
{
    static unsigned char buf[BUFSZ];
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int outlen;
    const EVP_MD *md;
    EVP_MD_CTX *ctx;

    if (!selected(figure))
        return;
    md = get_md(mdname);
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)(i * 131 + 7);
    ctx = EVP_MD_CTX_new();
    if (ctx == NULL || !EVP_DigestInit_ex(ctx, md, eng))
        fail("EVP_DigestInit_ex", mdname);

    for (int phase = 0; phase < 2; phase++) {
        double limit = phase == 0 ? warmup_seconds : measure_seconds;
        double t0 = now(), t;
        unsigned long long n = 0;
        do {
            for (int k = 0; k < 16; k++)
                if (!EVP_DigestUpdate(ctx, buf, sizeof buf))
                    fail("EVP_DigestUpdate", mdname);
            n += 16;
            t = now() - t0;
        } while (t < limit);
        if (phase == 1)
            printf("%s MB/s %.1f\n", figure, (double)n * BUFSZ / t / 1e6);
    }
    if (!EVP_DigestFinal_ex(ctx, out, &outlen))
        fail("EVP_DigestFinal_ex", mdname);
    EVP_MD_CTX_free(ctx);
    fflush(stdout);
}

/* ------------------------------------------------------- verification --- */

struct combo {
    const char *name, *alg, *paramset, *md;
};

static const struct combo combos[] = {
    {"2001-test", "gost2001", "0", "md_gost94"},
    {"2001-CryptoPro-A", "gost2001", "A", "md_gost94"},
    {"2001-CryptoPro-B", "gost2001", "B", "md_gost94"},
    {"2001-CryptoPro-C", "gost2001", "C", "md_gost94"},
    {"2001-CryptoPro-XchA", "gost2001", "XA", "md_gost94"},
    {"2001-CryptoPro-XchB", "gost2001", "XB", "md_gost94"},
    {"2012-256-CryptoPro-A", "gost2012_256", "A", "md_gost12_256"},
    {"2012-256-CryptoPro-B", "gost2012_256", "B", "md_gost12_256"},
    {"2012-256-CryptoPro-C", "gost2012_256", "C", "md_gost12_256"},
    {"2012-256-CryptoPro-XchA", "gost2012_256", "XA", "md_gost12_256"},
    {"2012-256-CryptoPro-XchB", "gost2012_256", "XB", "md_gost12_256"},
    {"2012-256-TC26-A", "gost2012_256", "TCA", "md_gost12_256"},
    {"2012-256-TC26-B", "gost2012_256", "TCB", "md_gost12_256"},
    {"2012-256-TC26-C", "gost2012_256", "TCC", "md_gost12_256"},
    {"2012-256-TC26-D", "gost2012_256", "TCD", "md_gost12_256"},
    {"2012-512-TC26-A", "gost2012_512", "A", "md_gost12_512"},
    {"2012-512-TC26-B", "gost2012_512", "B", "md_gost12_512"},
    {"2012-512-TC26-C", "gost2012_512", "C", "md_gost12_512"},
};

static EVP_PKEY *keygen(const struct combo *c)
{
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *kctx;
    int nid = OBJ_sn2nid(c->alg);

    if (nid == NID_undef)
        fail("OBJ_sn2nid", c->alg);
    kctx = EVP_PKEY_CTX_new_id(nid, eng);
    if (kctx == NULL || EVP_PKEY_keygen_init(kctx) <= 0)
        fail("EVP_PKEY_keygen_init", c->name);
    if (EVP_PKEY_CTX_ctrl_str(kctx, "paramset", c->paramset) <= 0)
        fail("paramset ctrl", c->name);
    if (EVP_PKEY_keygen(kctx, &pkey) <= 0)
        fail("EVP_PKEY_keygen", c->name);
    EVP_PKEY_CTX_free(kctx);
    return pkey;
}

static int digest_verify(const struct combo *c, const EVP_MD *md, EVP_PKEY *pkey,
                         const unsigned char *sig, size_t siglen,
                         const unsigned char *msg, size_t msglen)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int r;
    if (ctx == NULL || EVP_DigestVerifyInit(ctx, NULL, md, eng, pkey) <= 0)
        fail("EVP_DigestVerifyInit", c->name);
    r = EVP_DigestVerify(ctx, sig, siglen, msg, msglen);
    EVP_MD_CTX_free(ctx);
    return r;
}

static void bench_verify(const struct combo *c)
{
    char fig1[96], fig2[96];
    unsigned char msg[32], sig[256], bad[256], dgst[EVP_MAX_MD_SIZE];
    size_t siglen = sizeof sig;
    unsigned int dlen;
    const EVP_MD *md;
    EVP_PKEY *pkey;
    EVP_MD_CTX *sctx;
    EVP_PKEY_CTX *vctx;
    int do1, do2;

    snprintf(fig1, sizeof fig1, "Verify/%s", c->name);
    snprintf(fig2, sizeof fig2, "VerifyHash/%s", c->name);
    do1 = selected(fig1);
    do2 = selected(fig2);
    if (!do1 && !do2)
        return;

    md = get_md(c->md);
    pkey = keygen(c);
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (unsigned char)(i + 1);

    sctx = EVP_MD_CTX_new();
    if (sctx == NULL || EVP_DigestSignInit(sctx, NULL, md, eng, pkey) <= 0 ||
        EVP_DigestSign(sctx, sig, &siglen, msg, sizeof msg) <= 0)
        fail("EVP_DigestSign", c->name);
    EVP_MD_CTX_free(sctx);

    /* sanity: genuine accepted, corrupted rejected */
    if (digest_verify(c, md, pkey, sig, siglen, msg, sizeof msg) != 1)
        fail("verification of a fresh signature", c->name);
    memcpy(bad, sig, siglen);
    bad[siglen / 2] ^= 0x01;
    if (digest_verify(c, md, pkey, bad, siglen, msg, sizeof msg) == 1)
        fail("rejection of a corrupted signature", c->name);
    ERR_clear_error();

    if (do1) {
        for (int phase = 0; phase < 2; phase++) {
            double limit = phase == 0 ? warmup_seconds : measure_seconds;
            double t0 = now(), t;
            unsigned long long n = 0;
            do {
                if (digest_verify(c, md, pkey, sig, siglen, msg, sizeof msg) != 1)
                    fail("EVP_DigestVerify", c->name);
                n++;
                t = now() - t0;
            } while (t < limit);
            if (phase == 1)
                printf("%s us/op %.1f\n", fig1, t / (double)n * 1e6);
        }
        fflush(stdout);
    }

    if (do2) {
        if (!EVP_Digest(msg, sizeof msg, dgst, &dlen, md, eng))
            fail("EVP_Digest", c->name);
        vctx = EVP_PKEY_CTX_new(pkey, eng);
        if (vctx == NULL || EVP_PKEY_verify_init(vctx) <= 0)
            fail("EVP_PKEY_verify_init", c->name);
        if (EVP_PKEY_verify(vctx, sig, siglen, dgst, dlen) != 1)
            fail("EVP_PKEY_verify sanity", c->name);
        for (int phase = 0; phase < 2; phase++) {
            double limit = phase == 0 ? warmup_seconds : measure_seconds;
            double t0 = now(), t;
            unsigned long long n = 0;
            do {
                if (EVP_PKEY_verify(vctx, sig, siglen, dgst, dlen) != 1)
                    fail("EVP_PKEY_verify", c->name);
                n++;
                t = now() - t0;
            } while (t < limit);
            if (phase == 1)
                printf("%s us/op %.1f\n", fig2, t / (double)n * 1e6);
        }
        EVP_PKEY_CTX_free(vctx);
        fflush(stdout);
    }
    EVP_PKEY_free(pkey);
}

int main(int argc, char **argv)
{
    int i = 1;
    if (i < argc && strcmp(argv[i], "-t") == 0) {
        if (i + 1 >= argc || (measure_seconds = atof(argv[i + 1])) <= 0) {
            fprintf(stderr, "usage: %s [-t SECONDS] [FIGURE-PREFIX ...]\n", argv[0]);
            return 2;
        }
        i += 2;
    }
    filters = argv + i;
    nfilters = argc - i;

    ENGINE_load_builtin_engines(); /* makes the dynamic loader available */
    eng = ENGINE_by_id("gost");
    if (eng == NULL)
        fail("ENGINE_by_id(\"gost\") - is libengine-gost-openssl installed?", NULL);
    if (!ENGINE_init(eng))
        fail("ENGINE_init", "gost");
    if (!ENGINE_set_default(eng, ENGINE_METHOD_ALL))
        fail("ENGINE_set_default", "gost");

    printf("# %s; engine: %s\n", OpenSSL_version(OPENSSL_VERSION), ENGINE_get_name(eng));
    printf("# measure %.2f s per figure after %.2f s warm-up, single thread\n",
           measure_seconds, warmup_seconds);
    fflush(stdout);

    bench_digest("Streebog256", "md_gost12_256");
    bench_digest("Streebog512", "md_gost12_512");
    bench_digest("GOST94", "md_gost94");
    for (size_t k = 0; k < sizeof combos / sizeof combos[0]; k++)
        bench_verify(&combos[k]);

    ENGINE_finish(eng);
    ENGINE_free(eng);
    return 0;
}
