/*
 * synth_look: the visual signature of each category in the synthetic catalogue: a
 * weighted handful of "looks", each a background, an object family and a palette.
 * Categories share families, backgrounds and palettes with their neighbours, so that
 * photos tell classes apart only in part; some pairs that titles confuse (toys and
 * board games, garden furniture and tools, used and new books) differ more by photo.
 *
 * The future (drift) has its own looks: new product lines with object families the past
 * never had (smart gadgets, solar panels, VR headsets, pods, neon signs, wooden tubs,
 * robots, phone apps), new palettes (neon, sage) and backdrops (lifestyle, concrete).
 */
#ifndef PC_SYNTH_LOOK_H
#define PC_SYNTH_LOOK_H

#include "synth/synth_class.h"
#include "synth/synth_paint.h"

enum synth_bg {
	BG_WHITE,   /* studio white, slight gradient */
	BG_GREY,    /* studio grey */
	BG_COLOUR,  /* coloured gradient (covers, renders) */
	BG_GRASS,   /* lawn and sky */
	BG_SKY,     /* open sky */
	BG_WOOD,    /* wooden table or floor */
	BG_WATER,   /* pool water */
	BG_ROOM,    /* wall and floor */
	BG_DARK,    /* dark cloth */
	BG_PAPER,   /* aged paper */
	BG_CARPET,  /* carpet */
	BG_LIFESTYLE, /* the future's beige-grey lifestyle backdrop */
	BG_CONCRETE,  /* the future's raw concrete wall */
	BG_COUNT
};

enum synth_shape {
	SH_BOOK, SH_BOOKS, SH_MAGAZINE, SH_GAMECASE, SH_CASES, SH_CONTROLLER, SH_CONSOLE,
	SH_SCREEN, SH_FIGURE, SH_CARD, SH_MINI, SH_PLUSH, SH_BOX, SH_DRONE, SH_CAR,
	SH_GARMENT, SH_OUTDOOR, SH_STROLLER, SH_CHAIR, SH_SOFA, SH_TEXTILE, SH_CUSHION,
	SH_JAR, SH_FRAME, SH_LAMP, SH_PETBED, SH_PENS, SH_NOTEBOOK, SH_GARDEN, SH_POOL,
	SH_PUMP, SH_TOOL, SH_POT,
	SH_PAST_COUNT,
	/* the future's product lines */
	SH_GADGET = SH_PAST_COUNT, SH_PANEL, SH_HEADSET, SH_POD, SH_NEON, SH_TUB, SH_ROBOT,
	SH_PHONE,
	SH_COUNT
};

enum synth_palette {
	PAL_WARM, PAL_COOL, PAL_PASTEL, PAL_BRIGHT, PAL_DARK, PAL_EARTH, PAL_GREY, PAL_BLUE,
	PAL_GREEN, PAL_AGED, PAL_ORANGE,
	PAL_PAST_COUNT,
	PAL_NEON = PAL_PAST_COUNT, PAL_SAGE, /* the future's */
	PAL_COUNT
};

struct synth_look {
	unsigned char bg, shape, pal, weight; /* weight 0 ends the list */
};

#define SYNTH_MAX_LOOKS 6

/* Indexed like synth_classes: the past's looks and the future's. */
extern const struct synth_look synth_looks[SYNTH_NCLASS][SYNTH_MAX_LOOKS];
extern const struct synth_look synth_future_looks[SYNTH_NCLASS][SYNTH_MAX_LOOKS];

/* Palettes: SYNTH_PAL_SIZE base colours each. */
#define SYNTH_PAL_SIZE 5
extern const struct rgb synth_palettes[PAL_COUNT][SYNTH_PAL_SIZE];

#endif
