/* plot: `taton run --plot` (see plot.h). Uses the explorer's own pane renderer, so the
 * printed charts are exactly what the TUI shows for the same views. */
#include <stdlib.h>
#include <string.h>

#include "batch/plot.h"
#include "chart/canvas.h"
#include "ui/view.h"

void batch_plot(FILE *f, struct session *s, int ascii)
{
	struct canvas c;
	canvas_init(&c, PLOT_W, PLOT_H);
	size_t n = session_nviews(s);
	for (size_t i = 0; i < n; i++) {
		struct ui_view_cache cache;
		memset(&cache, 0, sizeof cache);
		struct ui_view_ctx x = {.s = s, .ascii = ascii, .gen = 1, .now = 0};
		struct ui_rect r = {0, 0, PLOT_W, PLOT_H};
		canvas_clear(&c);
		ui_view_refresh(&x, session_view(s, i), &cache); /* drawing computes nothing */
		ui_view_draw(&x, &c, r, (int)i, session_view(s, i), 0, &cache);
		char *text = canvas_to_text(&c);
		fputs(text, f);
		fputc('\n', f);
		free(text);
		ui_view_cache_fini(&cache);
	}
	canvas_fini(&c);
}
