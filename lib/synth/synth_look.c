/* synth_look: visual signatures of the categories; see synth_look.h. */
#include "synth/synth_look.h"

#define LOOK(bg, sh, pal, w) { BG_##bg, SH_##sh, PAL_##pal, w }

const struct synth_look synth_looks[SYNTH_NCLASS][SYNTH_MAX_LOOKS] = {
	/* 10 used books */
	{ LOOK(WOOD, BOOK, AGED, 4), LOOK(WHITE, BOOK, AGED, 3), LOOK(PAPER, BOOK, EARTH, 2),
	  LOOK(WHITE, BOOK, BRIGHT, 1) },
	/* 40 video games */
	{ LOOK(WHITE, GAMECASE, BRIGHT, 4), LOOK(WHITE, GAMECASE, DARK, 2),
	  LOOK(GREY, GAMECASE, COOL, 1), LOOK(COLOUR, SCREEN, BRIGHT, 1) },
	/* 50 video game accessories */
	{ LOOK(WHITE, CONTROLLER, DARK, 4), LOOK(WHITE, CONTROLLER, BRIGHT, 2),
	  LOOK(GREY, CONTROLLER, GREY, 1), LOOK(WHITE, GAMECASE, DARK, 1) },
	/* 60 consoles */
	{ LOOK(WHITE, CONSOLE, DARK, 4), LOOK(COLOUR, CONSOLE, BRIGHT, 2),
	  LOOK(WHITE, CONTROLLER, DARK, 1) },
	/* 1140 pop-culture figurines */
	{ LOOK(WHITE, FIGURE, BRIGHT, 4), LOOK(GREY, FIGURE, DARK, 2), LOOK(WHITE, BOX, BRIGHT, 1),
	  LOOK(COLOUR, FIGURE, COOL, 1) },
	/* 1160 trading cards */
	{ LOOK(WHITE, CARD, BRIGHT, 3), LOOK(DARK, CARD, WARM, 2), LOOK(WOOD, CARD, COOL, 1) },
	/* 1180 role-play figurines */
	{ LOOK(DARK, MINI, GREY, 3), LOOK(WHITE, MINI, GREY, 2), LOOK(WHITE, BOOK, DARK, 1),
	  LOOK(GREY, FIGURE, DARK, 1) },
	/* 1280 toys, plush */
	{ LOOK(WHITE, PLUSH, PASTEL, 4), LOOK(WHITE, PLUSH, BRIGHT, 2),
	  LOOK(CARPET, PLUSH, PASTEL, 1), LOOK(WHITE, FIGURE, PASTEL, 1) },
	/* 1281 board games */
	{ LOOK(WHITE, BOX, BRIGHT, 4), LOOK(WOOD, BOX, WARM, 2), LOOK(WHITE, CARD, BRIGHT, 1),
	  LOOK(WHITE, BOX, DARK, 1) },
	/* 1300 models, RC, drones */
	{ LOOK(WHITE, DRONE, GREY, 3), LOOK(WHITE, CAR, BRIGHT, 2), LOOK(SKY, DRONE, DARK, 2),
	  LOOK(WHITE, CAR, DARK, 1) },
	/* 1301 baby clothes */
	{ LOOK(WHITE, GARMENT, PASTEL, 4), LOOK(WOOD, GARMENT, PASTEL, 1),
	  LOOK(WHITE, GARMENT, BRIGHT, 1) },
	/* 1302 outdoor games */
	{ LOOK(GRASS, OUTDOOR, BRIGHT, 3), LOOK(WHITE, OUTDOOR, BRIGHT, 2),
	  LOOK(GRASS, PLUSH, BRIGHT, 1), LOOK(SKY, OUTDOOR, COOL, 1) },
	/* 1320 childcare */
	{ LOOK(WHITE, STROLLER, DARK, 3), LOOK(WHITE, STROLLER, PASTEL, 2),
	  LOOK(ROOM, STROLLER, GREY, 1), LOOK(WHITE, JAR, PASTEL, 1) },
	/* 1560 furniture, bedding */
	{ LOOK(WHITE, CHAIR, EARTH, 3), LOOK(ROOM, SOFA, GREY, 3), LOOK(WHITE, SOFA, EARTH, 2),
	  LOOK(ROOM, CHAIR, DARK, 1) },
	/* 1920 household linen */
	{ LOOK(ROOM, TEXTILE, PASTEL, 3), LOOK(WHITE, TEXTILE, COOL, 2),
	  LOOK(WHITE, CUSHION, WARM, 2), LOOK(ROOM, SOFA, PASTEL, 1) },
	/* 1940 food */
	{ LOOK(WHITE, JAR, WARM, 4), LOOK(WOOD, JAR, EARTH, 2), LOOK(WHITE, BOX, WARM, 1) },
	/* 2060 decoration */
	{ LOOK(ROOM, FRAME, WARM, 2), LOOK(WHITE, LAMP, GREY, 2), LOOK(ROOM, LAMP, WARM, 2),
	  LOOK(WHITE, POT, EARTH, 1), LOOK(WHITE, CUSHION, BRIGHT, 1) },
	/* 2220 pets */
	{ LOOK(WHITE, PETBED, EARTH, 3), LOOK(GRASS, PETBED, BRIGHT, 1),
	  LOOK(WHITE, PLUSH, EARTH, 1), LOOK(WOOD, JAR, EARTH, 1) },
	/* 2280 old newspapers and magazines */
	{ LOOK(WHITE, MAGAZINE, AGED, 4), LOOK(PAPER, MAGAZINE, AGED, 3),
	  LOOK(DARK, MAGAZINE, GREY, 1), LOOK(WOOD, BOOK, AGED, 1) },
	/* 2403 books and comics in lots */
	{ LOOK(WOOD, BOOKS, BRIGHT, 3), LOOK(CARPET, BOOKS, AGED, 2), LOOK(WHITE, BOOKS, COOL, 2),
	  LOOK(WOOD, BOOK, AGED, 1) },
	/* 2462 used games and consoles in lots */
	{ LOOK(CARPET, CASES, DARK, 3), LOOK(WOOD, CASES, BRIGHT, 3), LOOK(WHITE, CASES, DARK, 1),
	  LOOK(WOOD, CONSOLE, DARK, 1) },
	/* 2522 stationery */
	{ LOOK(WHITE, PENS, BRIGHT, 3), LOOK(WHITE, NOTEBOOK, COOL, 3),
	  LOOK(WOOD, NOTEBOOK, BRIGHT, 1), LOOK(WHITE, BOOK, COOL, 1) },
	/* 2582 garden furniture */
	{ LOOK(GRASS, GARDEN, EARTH, 4), LOOK(GRASS, GARDEN, GREY, 2),
	  LOOK(WHITE, GARDEN, EARTH, 1), LOOK(GRASS, POT, EARTH, 1) },
	/* 2583 pool and spa */
	{ LOOK(WATER, POOL, BLUE, 3), LOOK(WHITE, PUMP, BLUE, 3), LOOK(GRASS, POOL, BLUE, 2),
	  LOOK(WHITE, JAR, BLUE, 1) },
	/* 2585 DIY, tools, gardening */
	{ LOOK(WHITE, TOOL, ORANGE, 3), LOOK(WHITE, TOOL, GREEN, 2), LOOK(WHITE, POT, EARTH, 1),
	  LOOK(WHITE, TOOL, DARK, 1) },
	/* 2705 new books */
	{ LOOK(WHITE, BOOK, BRIGHT, 5), LOOK(WHITE, BOOK, COOL, 3), LOOK(GREY, BOOK, DARK, 1),
	  LOOK(WOOD, BOOK, AGED, 1) },
	/* 2905 PC games to download */
	{ LOOK(COLOUR, SCREEN, DARK, 3), LOOK(COLOUR, SCREEN, BRIGHT, 3),
	  LOOK(WHITE, GAMECASE, BRIGHT, 1) },
};

/* The future's product lines, in synth_classes order: families, palettes and backdrops
 * the past never had, one main look a category so that a few labelled photos teach it. */
const struct synth_look synth_future_looks[SYNTH_NCLASS][SYNTH_MAX_LOOKS] = {
	/* 10 used books: new genres, new covers */
	{ LOOK(LIFESTYLE, BOOK, SAGE, 3), LOOK(CONCRETE, BOOKS, AGED, 1) },
	/* 40 video games: new releases */
	{ LOOK(CONCRETE, GAMECASE, NEON, 3), LOOK(LIFESTYLE, SCREEN, NEON, 1) },
	/* 50 accessories: VR headsets, haptic pads */
	{ LOOK(LIFESTYLE, HEADSET, DARK, 3), LOOK(CONCRETE, HEADSET, NEON, 1) },
	/* 60 consoles: OLED handhelds, cloud boxes */
	{ LOOK(CONCRETE, PHONE, DARK, 3), LOOK(LIFESTYLE, GADGET, GREY, 1) },
	/* 1140 pop culture: holo and LED figurines */
	{ LOOK(CONCRETE, NEON, NEON, 3), LOOK(LIFESTYLE, FIGURE, NEON, 1) },
	/* 1160 trading cards: prism cards */
	{ LOOK(LIFESTYLE, CARD, NEON, 3), LOOK(CONCRETE, CARD, SAGE, 1) },
	/* 1180 role-play: resin prints */
	{ LOOK(CONCRETE, MINI, SAGE, 3), LOOK(CONCRETE, MINI, NEON, 1) },
	/* 1280 toys: cuddly robots */
	{ LOOK(LIFESTYLE, ROBOT, PASTEL, 3), LOOK(LIFESTYLE, PLUSH, NEON, 1) },
	/* 1281 board games: escape boxes, app games */
	{ LOOK(LIFESTYLE, BOX, SAGE, 3), LOOK(LIFESTYLE, PHONE, PASTEL, 1) },
	/* 1300 drones: pocket and solar drones */
	{ LOOK(CONCRETE, DRONE, NEON, 3), LOOK(LIFESTYLE, PANEL, GREY, 1) },
	/* 1301 baby clothes: bamboo */
	{ LOOK(LIFESTYLE, GARMENT, SAGE, 3), LOOK(CONCRETE, GARMENT, PASTEL, 1) },
	/* 1302 outdoor games: water blasters, pickleball */
	{ LOOK(LIFESTYLE, OUTDOOR, NEON, 3), LOOK(CONCRETE, OUTDOOR, BRIGHT, 1) },
	/* 1320 childcare: e-drive strollers, wifi monitors */
	{ LOOK(LIFESTYLE, STROLLER, SAGE, 3), LOOK(CONCRETE, GADGET, PASTEL, 1) },
	/* 1560 furniture: modular sofas */
	{ LOOK(LIFESTYLE, SOFA, SAGE, 3), LOOK(CONCRETE, CHAIR, SAGE, 1) },
	/* 1920 linen: tencel, cotton gauze */
	{ LOOK(LIFESTYLE, TEXTILE, SAGE, 3), LOOK(LIFESTYLE, CUSHION, SAGE, 1) },
	/* 1940 food: kombucha, matcha */
	{ LOOK(CONCRETE, JAR, SAGE, 3), LOOK(LIFESTYLE, JAR, NEON, 1) },
	/* 2060 decoration: digital frames, neon signs */
	{ LOOK(LIFESTYLE, FRAME, SAGE, 3), LOOK(CONCRETE, NEON, EARTH, 1) },
	/* 2220 pets: GPS trackers, smart fountains */
	{ LOOK(LIFESTYLE, GADGET, SAGE, 3), LOOK(CONCRETE, PETBED, SAGE, 1) },
	/* 2280 old magazines: mooks, riso fanzines */
	{ LOOK(LIFESTYLE, MAGAZINE, NEON, 3), LOOK(CONCRETE, MAGAZINE, SAGE, 1) },
	/* 2403 lots: webtoons, manhwa */
	{ LOOK(CONCRETE, BOOKS, NEON, 3), LOOK(LIFESTYLE, PHONE, NEON, 1) },
	/* 2462 used lots: retro minis, VR kits */
	{ LOOK(CONCRETE, CASES, NEON, 3), LOOK(CONCRETE, HEADSET, GREY, 1) },
	/* 2522 stationery: bullet journals */
	{ LOOK(LIFESTYLE, NOTEBOOK, SAGE, 3), LOOK(CONCRETE, PENS, NEON, 1) },
	/* 2582 garden furniture: pods, modular lounges */
	{ LOOK(LIFESTYLE, POD, SAGE, 3), LOOK(CONCRETE, POD, EARTH, 1) },
	/* 2583 pool and spa: Nordic tubs, solar cleaners */
	{ LOOK(LIFESTYLE, TUB, EARTH, 3), LOOK(CONCRETE, PANEL, BLUE, 1) },
	/* 2585 tools: robot mowers */
	{ LOOK(CONCRETE, ROBOT, ORANGE, 3), LOOK(CONCRETE, GADGET, GREEN, 1) },
	/* 2705 new books: romantasy, cosy mysteries */
	{ LOOK(LIFESTYLE, BOOK, NEON, 3), LOOK(CONCRETE, BOOK, SAGE, 1) },
	/* 2905 PC downloads: cloud and battle passes */
	{ LOOK(CONCRETE, SCREEN, NEON, 3), LOOK(CONCRETE, PHONE, NEON, 1) },
};

#define C(r, g, b) { r, g, b }

const struct rgb synth_palettes[PAL_COUNT][SYNTH_PAL_SIZE] = {
	[PAL_WARM] = { C(200, 60, 40), C(230, 140, 40), C(180, 40, 80), C(240, 200, 80), C(150, 70, 40) },
	[PAL_COOL] = { C(40, 80, 160), C(60, 150, 170), C(90, 70, 150), C(50, 120, 90), C(120, 160, 200) },
	[PAL_PASTEL] = { C(240, 180, 200), C(180, 210, 240), C(250, 230, 160), C(190, 230, 190), C(220, 190, 240) },
	[PAL_BRIGHT] = { C(230, 30, 40), C(30, 90, 220), C(250, 200, 0), C(20, 170, 60), C(240, 110, 20) },
	[PAL_DARK] = { C(30, 30, 35), C(60, 60, 70), C(20, 30, 60), C(80, 20, 30), C(45, 50, 45) },
	[PAL_EARTH] = { C(140, 100, 60), C(110, 80, 50), C(190, 160, 120), C(90, 70, 50), C(170, 130, 90) },
	[PAL_GREY] = { C(120, 120, 125), C(160, 160, 165), C(90, 90, 95), C(200, 200, 205), C(140, 135, 130) },
	[PAL_BLUE] = { C(30, 120, 210), C(0, 170, 220), C(60, 90, 180), C(100, 200, 230), C(20, 60, 140) },
	[PAL_GREEN] = { C(40, 150, 60), C(90, 180, 50), C(30, 110, 70), C(150, 200, 60), C(60, 130, 40) },
	[PAL_AGED] = { C(200, 180, 140), C(170, 140, 100), C(150, 60, 50), C(90, 90, 110), C(210, 200, 170) },
	[PAL_ORANGE] = { C(240, 120, 20), C(220, 60, 20), C(250, 180, 30), C(40, 40, 40), C(200, 30, 30) },
	[PAL_NEON] = { C(255, 40, 160), C(0, 230, 230), C(170, 255, 0), C(150, 60, 255), C(255, 90, 60) },
	[PAL_SAGE] = { C(155, 172, 138), C(214, 200, 176), C(236, 230, 218), C(192, 120, 92), C(72, 72, 66) },
};
