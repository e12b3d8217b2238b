/* synth_class: the 27 categories and their priors; see synth_class.h. */
#include "synth/synth_class.h"

/* Counts from the challenge's Y_train file; the future is early summer: pool, garden,
 * outdoor games and drones up, indoor textiles, old paper and stationery down. */
const struct synth_class synth_classes[SYNTH_NCLASS] = {
	{ 10, "livres d'occasion", 3116, SYNTH_G_BOOKS, 0.8 },
	{ 40, "jeux vidéo (import)", 2508, SYNTH_G_GAMES, 1.0 },
	{ 50, "accessoires jeux vidéo", 1681, SYNTH_G_GAMES, 1.1 },
	{ 60, "consoles de jeu", 832, SYNTH_G_GAMES, 1.2 },
	{ 1140, "figurines, objets pop culture", 2671, SYNTH_G_TOYS, 1.0 },
	{ 1160, "cartes à collectionner", 3953, SYNTH_G_NONE, 0.8 },
	{ 1180, "figurines et jeux de rôle", 764, SYNTH_G_TOYS, 0.9 },
	{ 1280, "jouets enfants, peluches", 4870, SYNTH_G_TOYS, 1.0 },
	{ 1281, "jeux de société", 2070, SYNTH_G_TOYS, 0.9 },
	{ 1300, "modélisme, radiocommandé, drones", 5045, SYNTH_G_TOYS, 1.3 },
	{ 1301, "vêtements et chaussettes bébé, accessoires enfants", 807, SYNTH_G_NONE, 1.0 },
	{ 1302, "jeux d'extérieur", 2491, SYNTH_G_TOYS, 2.0 },
	{ 1320, "puériculture", 3241, SYNTH_G_NONE, 1.0 },
	{ 1560, "mobilier intérieur, literie", 5073, SYNTH_G_HOME, 0.8 },
	{ 1920, "linge de maison", 4303, SYNTH_G_HOME, 0.6 },
	{ 1940, "alimentation, épicerie", 803, SYNTH_G_NONE, 1.0 },
	{ 2060, "décoration intérieure", 4993, SYNTH_G_HOME, 0.8 },
	{ 2220, "animalerie", 824, SYNTH_G_NONE, 1.2 },
	{ 2280, "journaux et magazines anciens", 4760, SYNTH_G_BOOKS, 0.6 },
	{ 2403, "livres, BD et magazines en lots", 4774, SYNTH_G_BOOKS, 0.7 },
	{ 2462, "jeux vidéo et consoles d'occasion en lots", 1421, SYNTH_G_GAMES, 1.0 },
	{ 2522, "papeterie, fournitures de bureau", 4989, SYNTH_G_NONE, 0.6 },
	{ 2582, "mobilier et accessoires de jardin", 2589, SYNTH_G_HOME, 2.2 },
	{ 2583, "piscine et spa", 10209, SYNTH_G_HOME, 1.8 },
	{ 2585, "bricolage, outillage, jardinage", 2496, SYNTH_G_HOME, 1.8 },
	{ 2705, "livres neufs", 2761, SYNTH_G_BOOKS, 0.9 },
	{ 2905, "jeux PC en téléchargement", 872, SYNTH_G_GAMES, 1.0 },
};

int synth_class_index(int code)
{
	for (int i = 0; i < SYNTH_NCLASS; i++)
		if (synth_classes[i].code == code)
			return i;
	return -1;
}

void synth_class_priors(double *p, int future)
{
	double total = 0;

	for (int i = 0; i < SYNTH_NCLASS; i++) {
		p[i] = synth_classes[i].count * (future ? synth_classes[i].future_prior : 1.0);
		total += p[i];
	}
	for (int i = 0; i < SYNTH_NCLASS; i++)
		p[i] /= total;
}
