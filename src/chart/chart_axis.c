/* chart_axis: axis ranges, nice-number ticks and their labels.
 * Linear ticks are multiples of {1, 2, 2.5, 5} x 10^p, computed as integer * mantissa scaled
 * by an exact power of ten so labels never show 0.30000000000000004. Log axes tick whole
 * decades (every k-th when there are many), plus 2 and 5 within narrow ranges. Ranges are
 * clamped to +-1e307 so spans stay finite. Neighbours: chart_plot (uses the ticks),
 * chart.c (chart_ticks and chart_fmt_tick wrap this). */
#include "chart/chart_axis.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart/chart.h"

#define RANGE_LIMIT 1e307

/* 10^e, exact for |e| <= 22 (negative powers are correctly rounded quotients). */
static double pow10i(int e)
{
	static const double p[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
				   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	if (e >= 0 && e <= 22)
		return p[e];
	if (e < 0 && e >= -22)
		return 1.0 / p[-e];
	return pow(10.0, e);
}

/* k * m * 10^p with a single rounding when possible. */
static double scaled(double k, int m, int p)
{
	double km = k * m;
	if (p >= 0)
		return km * pow10i(p);
	if (p >= -22)
		return km / pow10i(-p);
	return km / pow(10.0, -p);
}

void chart_axis_extent_init(struct chart_extent *e)
{
	e->n = 0;
	e->lo = INFINITY;
	e->hi = -INFINITY;
}

int chart_axis_extent_add(struct chart_extent *e, double v, int log)
{
	if (!isfinite(v) || (log && !(v > 0)))
		return 0;
	if (v < e->lo)
		e->lo = v;
	if (v > e->hi)
		e->hi = v;
	e->n++;
	return 1;
}

void chart_axis_widen(double *lo, double *hi, int log)
{
	if (*lo > *hi) {
		double t = *lo;
		*lo = *hi;
		*hi = t;
	}
	if (log) {
		/* Clamped to [1e-300, 1e300] so a decade either way stays normal and finite. */
		*lo = *lo > 0 ? fmin(fmax(*lo, 1e-300), 1e300) : 1e-300;
		*hi = *hi > 0 ? fmin(fmax(*hi, 1e-300), 1e300) : *lo;
		if (log10(*hi) - log10(*lo) < 1e-9) {
			*lo /= 10;
			*hi *= 10;
		}
		return;
	}
	*lo = isfinite(*lo) ? fmax(*lo, -RANGE_LIMIT) : -RANGE_LIMIT;
	*hi = isfinite(*hi) ? fmin(*hi, RANGE_LIMIT) : RANGE_LIMIT;
	if (*lo > *hi)
		*lo = *hi;
	double m = fmax(fabs(*lo), fabs(*hi));
	/* Float noise around one value counts as a constant too. */
	if (*hi - *lo <= 1e-12 * m || m < 1e-300) {
		double c = *lo / 2 + *hi / 2;
		if (fabs(c) < 1e-300) {
			*lo = -1;
			*hi = 1;
		} else {
			double d = fabs(c) * 0.1;
			*lo = c - d;
			*hi = c + d;
		}
	}
}

int chart_axis_ticks(double lo, double hi, int max_ticks, int expand, double *ticks,
		     double *step)
{
	static const int mant[] = {10, 20, 25, 50}; /* step = mant * 10^(p-1) */
	double span = hi - lo;
	double prev_s = 0, prev_tick = 0;
	long long prev_cnt = 0;

	if (max_ticks < 1 || !isfinite(lo) || !isfinite(hi) || !(lo < hi) || !isfinite(span))
		return 0;
	int p = (int)floor(log10(span / (max_ticks + 1))) - 1;
	for (int it = 0; it < 700; it++, p++) {
		for (int j = 0; j < 4; j++) {
			double s = scaled(1, mant[j], p - 1);
			double a = lo / s, b = hi / s;
			/* Bracketing with a step over twice the span leaves the data less than
			 * half the axis, and never gets fewer than 3 ticks across zero: give up
			 * rather than climb to a step so huge that the 1e-9 slack below snaps
			 * the range onto 0 (ticks 0 and 2e10 for data in [-12, 40]). Steps
			 * up to 2 * span always fit 3 ticks, so only max_ticks < 3 fails. */
			if (expand && s > 2 * span)
				return 0;
			if (!(s > 0) || fabs(a) > 4e15 || fabs(b) > 4e15)
				continue; /* too fine to count exactly */
			double k0, k1;
			if (expand) {
				k0 = floor(a + 1e-9);
				k1 = ceil(b - 1e-9);
				if (k1 <= k0)
					k1 = k0 + 1;
			} else {
				k0 = ceil(a - 1e-9);
				k1 = floor(b + 1e-9);
			}
			long long cnt = (long long)(k1 - k0) + 1;
			if (cnt > max_ticks) {
				prev_s = s;
				prev_tick = scaled(k0, mant[j], p - 1);
				prev_cnt = cnt;
				continue;
			}
			if (cnt <= 0) {
				/* This step skips the whole range; keep one tick of the last. */
				if (prev_cnt <= 0)
					return 0;
				ticks[0] = prev_tick;
				*step = prev_s;
				return 1;
			}
			for (long long i = 0; i < cnt; i++)
				ticks[i] = scaled(k0 + (double)i, mant[j], p - 1);
			*step = s;
			return (int)cnt;
		}
	}
	return 0;
}

/* Label of m * 10^e on a log axis: plain numbers when the axis stays within 0.01..1000,
 * else "1e-6"-style everywhere so the column reads evenly. */
static void log_label(char *buf, size_t size, int m, int e, int plain)
{
	if (plain) {
		double v = scaled(1, m, e);
		chart_fmt_tick(v, v, buf, size);
	} else if (e == 0) {
		snprintf(buf, size, "%d", m);
	} else {
		snprintf(buf, size, "%de%d", m, e);
	}
}

static void setup_log(struct chart_axis *a, double lo, double hi, int expand, int max_ticks)
{
	static const int ksteps[] = {1, 2, 3, 4, 5, 10, 20, 25, 50, 100, 200, 500};
	double L = log10(lo), H = log10(hi);
	int k = 1, e0 = 0, e1 = -1;

	if (expand) {
		/* Whole decades at both ends; ticks on multiples of k inside. */
		L = floor(L + 1e-9);
		H = ceil(H - 1e-9);
		if (H <= L)
			H = L + 1;
	}
	for (size_t i = 0; i < sizeof ksteps / sizeof ksteps[0]; i++) {
		k = ksteps[i];
		int count;
		if (expand) {
			/* Counted down from the top decade, so both ends get labels when the
			 * span is a multiple of k, and the top one (often 1) always does. */
			count = (int)floor((H - L) / k + 1e-9) + 1;
		} else {
			e0 = (int)ceil(L / k - 1e-9) * k;
			e1 = (int)floor(H / k + 1e-9) * k;
			count = (e1 - e0) / k + 1;
		}
		if (count <= max_ticks)
			break;
	}
	a->lo = L;
	a->hi = H;
	a->step = k;

	/* Which values get ticks: decades, plus 2 and 5 when the range is narrow. */
	int ms[3] = {1, 2, 5}, nm = 1;
	int decades = (int)ceil(H - 1e-9) - (int)floor(L + 1e-9);
	if (k == 1 && decades <= 2 && decades * 3 + 1 <= max_ticks)
		nm = 3;
	if (!expand && e1 < e0 && decades <= 1)
		nm = 3; /* no decade inside: the 2s and 5s are all there is */

	int plain = 1;
	for (int e = (int)floor(L + 1e-9); e <= (int)ceil(H - 1e-9); e++)
		if (e < -2 || e > 3)
			plain = 0;
	int n = 0;
	for (int e = (int)floor(L + 1e-9); e <= (int)ceil(H - 1e-9); e++) {
		int major = expand ? ((int)H - e) % k == 0 : e % k == 0;
		if (nm == 1 && !major)
			continue;
		for (int j = 0; j < nm && n < CHART_AXIS_MAX_TICKS; j++) {
			double t = e + log10((double)ms[j]);
			if (t < L - 1e-9 || t > H + 1e-9)
				continue;
			a->tick[n] = t;
			log_label(a->label[n], CHART_AXIS_LABEL_MAX, ms[j], e, plain);
			n++;
		}
	}
	a->nticks = n;
}

void chart_axis_setup(struct chart_axis *a, double lo, double hi, int log, int expand,
		      int max_ticks)
{
	memset(a, 0, sizeof *a);
	a->log = log;
	if (max_ticks < 2)
		max_ticks = 2;
	if (max_ticks > CHART_AXIS_MAX_TICKS)
		max_ticks = CHART_AXIS_MAX_TICKS;
	chart_axis_widen(&lo, &hi, log);
	if (log) {
		setup_log(a, lo, hi, expand, max_ticks);
	} else {
		int n = chart_axis_ticks(lo, hi, max_ticks, expand, a->tick, &a->step);
		/* Too few ticks allowed to bracket the data closely (a few rows): one more. */
		while (n == 0 && expand && max_ticks < CHART_AXIS_MAX_TICKS)
			n = chart_axis_ticks(lo, hi, ++max_ticks, expand, a->tick, &a->step);
		if (expand && n >= 2) {
			lo = a->tick[0];
			hi = a->tick[n - 1];
		}
		a->lo = lo;
		a->hi = hi;
		a->nticks = n;
		for (int i = 0; i < n; i++)
			chart_fmt_tick(a->tick[i], a->step, a->label[i], CHART_AXIS_LABEL_MAX);
	}
	for (int i = 0; i < a->nticks; i++) {
		int w = (int)strlen(a->label[i]); /* labels are ASCII */
		if (w > a->label_w)
			a->label_w = w;
	}
}

double chart_axis_unit(const struct chart_axis *a, double v)
{
	if (!isfinite(v))
		return NAN;
	if (a->log)
		return v > 0 ? log10(v) : NAN;
	return v;
}
