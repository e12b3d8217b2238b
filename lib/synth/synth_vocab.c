/* synth_vocab: word lists of the synthetic catalogue; see synth_vocab.h. */
#include "synth/synth_vocab.h"

#define L(...) ((const char *const[]){ __VA_ARGS__, NULL })

size_t synth_list_len(synth_list l)
{
	size_t n = 0;

	while (l && l[n])
		n++;
	return n;
}

/* ---- lists every category shares ---- */

const char *const synth_colours[] = {
	"Noir", "Blanc", "Rouge", "Bleu", "Vert", "Jaune", "Rose", "Gris", "Beige", "Marron",
	"Orange", "Violet", "Bleu Marine", "Gris Anthracite", "Argent", "Doré", "Turquoise",
	"Multicolore", "Taupe", "Ivoire", "Kaki", "Bordeaux", NULL
};

const char *const synth_colours_en[] = {
	"Black", "White", "Red", "Blue", "Green", "Yellow", "Pink", "Grey", "Brown", "Silver",
	"Gold", "Multicolor", NULL
};

const char *const synth_conditions[] = {
	"Neuf", "Occasion", "Très Bon État", "Bon État", "Comme Neuf", "Vintage", "Neuf Sous Blister",
	"Etat Correct", NULL
};

const char *const synth_quantities[] = {
	"Lot De {n}", "{n}pcs", "{n} Pièces", "Pack De {n}", "x{n}", "Set De {n}", "{n} Pcs",
	"Lot {n}", NULL
};

const char *const synth_platforms[] = {
	"Xbox 360", "Xbox One", "Ps4", "Ps3", "Ps2", "Playstation", "Nintendo Ds", "3ds", "Wii",
	"Wii U", "Switch", "Game Boy", "Game Boy Advance", "Gamecube", "Psp", "Ps Vita",
	"Megadrive", "Super Nintendo", "Nintendo 64", "Dreamcast", "Pc", NULL
};

const char *const synth_licences[] = {
	"Star Wars", "Disney", "Pokémon", "Marvel", "Harry Potter", "Dragon Ball", "One Piece",
	"La Reine Des Neiges", "Pat Patrouille", "Cars", "Spiderman", "Batman", "Naruto",
	"Minecraft", "Super Mario", "Power Rangers", "Jurassic World", "Barbie", "Hello Kitty",
	"Les Minions", "Toy Story", "Peppa Pig", "Le Seigneur Des Anneaux", "Game Of Thrones",
	NULL
};

const char *const synth_first_names[] = {
	"Jean", "Pierre", "Marie", "Jacques", "Claude", "Michel", "Françoise", "Louis", "Anne",
	"Henri", "Paul", "Sophie", "Christof", "Luc", "Georges", "Émile", "Victor", "Alexandre",
	"Jules", "Marguerite", "Hector", "Simone", "Albert", "Colette", NULL
};

const char *const synth_last_names[] = {
	"Dupont", "Martin", "Bernard", "Durand", "Lefebvre", "Moreau", "Laurent", "Perrier",
	"Barrere", "Verne", "Hugo", "Zola", "Dumas", "Guillerme", "Rocquet", "Debeda", "Simenon",
	"Pagnol", "Giono", "Sand", "Colette", "Camus", "Maupassant", "Balzac", "Flaubert", NULL
};

const char *const synth_magazines[] = {
	"Journal Des Arts (Le)", "Monde Illustre (Le)", "Univers (L')", "Diagrammes",
	"La France Illustree", "Réponse À Tout !", "Paris Match", "L'illustration",
	"Le Petit Journal", "Historia", "Le Pelerin", "Lectures Pour Tous", "Science Et Vie",
	"Marie Claire", "Elle", "Le Point", "L'express", "Tintin Journal", "Spirou",
	"Le Chasseur Français", "Auto Moto", "Notre Temps", "Afrique Contemporaine", NULL
};

const char *const synth_title_patterns[] = {
	"La {t} Des {t}s", "Les {t}s De {p}", "Le {t} {j}", "{t} Et {t}", "La {t} Au {t}",
	"Les {j}s {t}s", "Un {t} À {p}", "Le {t} De {P}", "{p} - {t} Et {t} De {t}",
	"Ne Regardez Pas Le {t}", "Les {t}s Secrets De {P}", "Histoire Du {t} {j}",
	"La {t} Et Les {t}s", "{t} : Le {t} {j}", "En Écoutant {P}", "Le Grand {t}",
	NULL
};

const char *const synth_title_nouns[] = {
	"Guerre", "Mer", "Voleur", "Jardin", "Promenade", "Mémoire", "Crime", "Marin", "Parc",
	"Amour", "Nuit", "Ville", "Enfance", "Secret", "Voyage", "Rivière", "Maison", "Été",
	"Silence", "Royaume", "Chemin", "Prince", "Forêt", "Ombre", "Lumière", "Hiver", "Ciel",
	NULL
};

const char *const synth_title_adjs[] = {
	"Perdu", "Sublime", "Oublié", "Secret", "Ancien", "Dernier", "Nouveau", "Grand", "Noir",
	"Blanc", "Éternel", "Sauvage", "Historique", "Maritime", "Contemporain", NULL
};

const char *const synth_title_places[] = {
	"Paris", "Limousin", "Bretagne", "Provence", "Lyon", "Marseille", "Afrique", "Japon",
	"Normandie", "Alsace", "Cambray", "Venise", "Québec", "Corse", NULL
};

const char *const synth_title_en[] = {
	"Loop Transfer Recovery: Analysis And Design", "The Hide And Seek Story",
	"Introduction To Modern Physics", "The Silent Garden", "A History Of The Sea",
	"Notes From The Road", "The Art Of Cooking", "Learning To Fly", "The Last Summer",
	"Principles Of Economics", "Selected Poems", "The Complete Guide", NULL
};

const char *const synth_title_de[] = {
	"Bildungsprozessen Auf Der Spur", "Heilsame Reise Zum Planeten Erde",
	"Die Geschichte Der Stadt", "Der Kleine Garten", "Das Grosse Kochbuch",
	"Personalisiertes Notizbuch", "Reise Durch Die Zeit", "Die Kunst Des Lebens",
	"Handbuch Der Technik", "Gedichte Und Lieder", NULL
};

const char *const synth_game_words[] = {
	"Pokémon", "Zumba Fitness", "X-Men", "Fifa", "Pes", "Call Of Duty", "Need For Speed",
	"Rayman", "Zelda", "Mario Kart", "Sonic", "Lego Star Wars", "Assassin's Creed",
	"Grand Theft Auto", "Tomb Raider", "Final Fantasy", "Resident Evil", "Metal Gear",
	"Gran Turismo", "Just Dance", "Les Sims", "Crash Bandicoot", "Spyro", "Motogp",
	"Baldur's Gate", "God Of War", "Rainbow Six", "Far Cry", "Prince Of Persia", NULL
};

const char *const synth_game_subtitles[] = {
	"Rush", "Saphir Alpha", "Origins", "Legends", "Edition Limitée", "Game Of The Year",
	"Anniversary", "Dark Alliance", "Vegas", "Black Ops", "Remastered", "Chronicles",
	"Ghost Of Sparta", "Revolution", "Ultimate", "2", "3", "4", "2008", "2014", "Deluxe",
	NULL
};

const char *const synth_desc_generic[] = {
	"Livraison rapide et soignée.", "Produit neuf, jamais utilisé.",
	"Expédié sous 48h depuis la France.", "Photos non contractuelles.",
	"Idéal pour offrir.", "Satisfait ou remboursé.",
	"N'hésitez pas à nous contacter pour toute question.",
	"Qualité supérieure & prix imbattable !", "Emballage d'origine.",
	"Voir photos pour l'état.", "Très pratique au quotidien.",
	"Conforme aux normes européennes.", NULL
};

const char *const synth_desc_en[] = {
	"Here some test English text", "Brand new and high quality.",
	"Package includes: 1 x {N}.", "Please allow slight color difference.",
	"Fast shipping worldwide.", "Material: {A}.", NULL
};

const char *const synth_desc_de[] = {
	"Hochwertige Verarbeitung und schnelle Lieferung.", "Lieferumfang: 1 x {N}.",
	"Farbe: {C}.", "Neu und originalverpackt.", "Ideal als Geschenk.", NULL
};

/* What sellers pile onto the end of a title. */
const char *const synth_title_extras[] = {
	"{A}", "{C}", "{S}", "{A} {C}", "{K}", "- {A}", "- {C} - {S}", "{A} {S}", NULL
};

/* The future's fashionable attributes, the same in every category. */
const char *const synth_future_attrs[] = {
	"Connecté", "Éco-Conçu", "Recyclé", "Usb-C", "Smart", "Nouvelle Génération", "Compact",
	"Rechargeable Solaire", "Minimaliste", "Oversize", NULL
};

/* The future's consoles and licences. */
const char *const synth_future_platforms[] = {
	"Ps6", "Switch Nova", "Xbox Helix", "Steamdeck Oled", "Quest Pro", "Cloudstation",
	"Neo Handheld", NULL
};

const char *const synth_future_licences[] = {
	"Lumiverse", "Kazoku Kids", "Star Nomads", "Les Minimonstres", "Drakoria", "Pixel Paws",
	"Mecha Academy", "Bloop Et Zaza", NULL
};

/* The future writes its new product lines its own way. */
const char *const synth_future_titles[] = {
	"{N} {B} {C}", "{B} {N} - {S}", "{Q} {N} {B}", "Nouveau {N} {B} {A}", "{N} {B} Édition {Y}",
	"{B} - {N} {A} {C}", "{N} {A} {B}", "{N} - {B} - {A}", NULL
};

const char *const synth_future_desc[] = {
	"Découvrez le nouveau {N} signé {B}.", "Le {N} {B} nouvelle génération.",
	"Disponible en {C}.", "Format {S}.", "Collection {Y}, série limitée.",
	"Tendance de la saison : le {N}.", "{N} {A}, pensé pour vous.",
	"Finition {A}, coloris {C}.", NULL
};

/* Future brands are made of these, so that they are words nobody wrote before. */
const char *const synth_syllables[] = {
	"zo", "rav", "ke", "lin", "dor", "va", "mi", "xu", "tek", "lo", "qua", "ny", "bre",
	"sol", "ix", "ma", "gor", "fi", "ul", "pra", "den", "zy", "kor", "vel", NULL
};

/* ---- nouns shared inside each confusable group ---- */

const synth_list synth_group_nouns[SYNTH_G_COUNT] = {
	[SYNTH_G_NONE] = NULL,
	[SYNTH_G_BOOKS] = L("Livre", "Roman", "Tome", "Edition", "Volume", "Recueil", "Collection",
			    "Ouvrage", "Numéro", "Revue"),
	[SYNTH_G_GAMES] = L("Jeu", "Jeu Vidéo", "Manette", "Console", "Import", "Pack", "Edition",
			    "Cartouche", "Boîte", "Jeux"),
	[SYNTH_G_TOYS] = L("Jouet", "Jeu", "Jeu Enfant", "Coffret", "Puzzle", "Jeu Éducatif",
			   "Figurine", "Kit", "Cadeau Enfant", "Slime", "Squishy", "Jeu De Cartes",
			   "Jouet En Bois", "Jeu Magnétique"),
	[SYNTH_G_HOME] = L("Pot De Fleur", "Bâche", "Coussin", "Lampe", "Housse", "Tapis",
			   "Rangement", "Table", "Banc", "Tuyau", "Coffre", "Étagère", "Parasol",
			   "Support", "Kit", "Panier"),
};

/* The future's words shared inside each group, new to the past. */
const synth_list synth_future_group_nouns[SYNTH_G_COUNT] = {
	[SYNTH_G_NONE] = NULL,
	[SYNTH_G_BOOKS] = L("Tranches Jaspées", "Jaquette Holographique", "Édition Booktok",
			    "Audio-Compagnon", "Qr Lecture", "Ex-Libris Numérique"),
	[SYNTH_G_GAMES] = L("Cloud Gaming", "Clé Numérique", "Cross-Gen", "Pass Saison",
			    "Remake Hd-2", "Nextgen"),
	[SYNTH_G_TOYS] = L("Jouet Stem", "Kit Stem", "Fidget", "Pop-It", "Jouet Recyclé",
			   "Coffret Montessori", "Jeu Sans Écran"),
	[SYNTH_G_HOME] = L("Module Rotin", "Panier Japandi", "Étagère Terrazzo", "Spot Solaire",
			   "Bac Corten", "Tabouret Bouclette", "Brumisateur"),
};

/* ---- one entry a category, in synth_classes order ---- */

const struct synth_vocab synth_vocab[SYNTH_NCLASS] = {
	{ /* 10 livres d'occasion */
		.title = L("{T}", "{T}", "{P}: {T}", "{T} - {P}", "{T} ({K})", "{T} - {N} {K}",
			   "{T} ({Y})"),
		.foreign = L("{P}: {E}", "{E}", "{P}: {U}", "{U}"),
		.nouns = L("Livre Ancien", "Broché", "Poche", "Exemplaire", "Édition Originale",
			   "Livre De Poche"),
		.brands = L("Gallimard", "Flammarion", "Le Livre De Poche", "Folio", "Seuil",
			    "Hachette"),
		.attrs = L("Broché", "Relié", "Annoté", "Jauni", "Dédicacé", "Illustré"),
		.sizes = L("@ Pages", "@ P.", "Format #x# Cm"),
		.future = L("Uchronie", "Uchronie Steampunk", "Néo-Polar", "Néo-Polar Rural",
			    "Autofiction", "Dark Academia"),
		.future_attrs = L("Seconde Vie", "Circulaire", "Réédition Indé",
				  "Exemplaire Voyageur", "Annoté Booktok"),
		.desc = L("Livre d'occasion en {K}.", "Couverture légèrement usée.",
			  "Ouvrage de {P} paru en {Y}.", "Quelques annotations au crayon."),
		.p_shared = 0.3, .p_foreign = 0.25, .p_desc = 0.48,
	},
	{ /* 40 jeux vidéo (import) */
		.title = L("{G} [Import Allemand] [Jeu {L}]", "{G} - {L}", "Jeu {L} : {G}",
			   "{G} (Import Jap)", "{G} - {N} {L}", "{G} [Import Anglais]",
			   "{G} {L} {K}"),
		.foreign = L("{G} ({L}) - Import Uk", "{G} - {L} Game"),
		.nouns = L("Jeu Import", "Version Japonaise", "Jeu En Boîte", "Cd-Rom", "Dvd-Rom",
			   "Jeu Complet"),
		.brands = L("Nintendo", "Sony", "Sega", "Ubisoft", "Electronic Arts", "Konami",
			    "Capcom", "Activision", "Square Enix", "Bandai Namco"),
		.attrs = L("Pal", "Ntsc", "Version Française", "Multilingue", "Sous Blister"),
		.sizes = L("#+ Ans", "Pegi #"),
		.future = L("Astral Drift", "Astral Drift Zero", "Neon Kaiju",
			    "Neon Kaiju Rising", "Chrono Forge", "Void Runners"),
		.future_attrs = L("Cross-Play", "Ray Tracing", "120 Fps", "Next-Gen",
				  "Dématérialisé Inclus"),
		.desc = L("Jeu {L} en version import.", "Langue : anglais, sous-titres français.",
			  "Le jeu démarre sur toutes les consoles {L}.",
			  "Vivez une aventure épique dans {G}."),
		.p_shared = 0.2, .p_foreign = 0.15, .p_desc = 0.63,
	},
	{ /* 50 accessoires jeux vidéo */
		.title = L("{N} {B} {L} - {C}", "{N} Pour {L} - {B}", "{B} {N} - Sans Fil - {C} - Pour {L}",
			   "{N} Ergonomique {C} {L}", "{Q} {N} Pour {L}", "{N} Filaire {L} / Pc - {B}"),
		.foreign = L("{N} For {L} {B}", "Wireless {N} Controller For {L}"),
		.nouns = L("Stylet", "Volant", "Casque Gaming", "Chargeur", "Câble Hdmi", "Housse",
			   "Protection D'écran", "Joystick", "Station De Charge", "Carte Mémoire",
			   "Gamepad", "Dragonne", "Fauteuil Gaming", "Écouteurs", "Batterie"),
		.brands = L("Speedlink", "Sony", "Nintendo", "Hori", "Bigben", "Thrustmaster",
			    "Turtle Beach", "Logitech", "Under Control", "Razer", "Subsonic"),
		.attrs = L("Bluetooth", "Sans Fil", "Filaire", "Usb", "Rechargeable",
			   "Antidérapant", "Officiel", "Non Officiel"),
		.sizes = L("# M", "@ Mah", "# Cm"),
		.future = L("Gyro-Grip", "Gyro-Grip Pro", "Visière Vr", "Visière Vr Lite",
			    "Dock Magsafe", "Haptic Pad"),
		.future_attrs = L("Wi-Fi 7", "Latence Zéro", "Rgb Sync", "Hall Effect",
				  "Tri-Mode"),
		.desc = L("Ce {N} {B} est compatible avec la {L}.",
			  "Forme ergonomique pour une excellente tenue en main.",
			  "Couleur : {C}.", "Câble de {S} inclus."),
		.p_shared = 0.15, .p_foreign = 0.1, .p_desc = 0.83,
	},
	{ /* 60 consoles de jeu */
		.title = L("Console {L} {C} {S}", "Mini Console De Jeux {N} {#} Jeux Intégrés",
			   "Console {N} Portable Rétro {S} - {#} Jeux", "{N} {L} {B} {C}",
			   "Console De Jeu Vidéo Portable {N} Écran {S}",
			   "Nouvelle Console {N} Double Joueurs 8 Bits"),
		.foreign = L("Retro Handheld {N} Console {S}", "{L} Console {C} Bundle"),
		.nouns = L("Console", "Console Portable", "Lecteur De Jeu", "Console Rétro",
			   "Console Salon", "Console Hd", "Mini Console", "Console Tv"),
		.brands = L("Nintendo", "Sony", "Microsoft", "Sega", "Atari", "Retro-Bit"),
		.attrs = L("Hdmi", "Av Out", "Double Joystick", "Écran Lcd", "Rechargeable"),
		.sizes = L("# Gb", "#.# Pouces", "@ Go", "# Go"),
		.future = L("Handheld Oled", "Handheld Oled Lite", "Cloudbox", "Cloudbox Mini",
			    "Nomad Deck"),
		.future_attrs = L("Dock 4k", "Streaming Natif", "Ssd Nvme", "Wifi 6e",
				  "Upscaling Ia"),
		.desc = L("Console {L} complète en {K}.", "Écran de {S}, sortie TV.",
			  "Plus de {#} jeux classiques intégrés.", "Livrée avec câbles et manette."),
		.p_shared = 0.2, .p_foreign = 0.1, .p_desc = 0.73,
	},
	{ /* 1140 figurines, objets pop culture */
		.title = L("Figurine {F} {A} {S}", "{F} - {N} Pop N° {#}", "{N} {F} - {B}",
			   "{F} {N} {C}", "Figurine {F} - {N} - {K}", "{N} {F} Edition Limitée"),
		.foreign = L("{F} {N} Figure {S}", "{F} Bobble Head {N}"),
		.nouns = L("Figurine", "Bobble Head", "Statuette", "Funko Pop", "Mug", "Magnet",
			   "Porte-Clés", "Lampe", "Buste", "Figurine Transformable", "Vinyl"),
		.brands = L("Funko", "Bandai", "Hasbro", "Banpresto", "Tomy", "Good Smile",
			    "Mcdo Happy Meal", "Tsume"),
		.attrs = L("Collector", "Articulée", "Édition Limitée", "Peinte", "Officielle",
			   "Transformable"),
		.sizes = L("# Cm", "#cm"),
		.future = L("Mini Mecha", "Mini Mecha Chibi", "Chibi Résine", "Holocube",
			    "Holocube Duo", "Gashapon"),
		.future_attrs = L("Phosphorescent", "Édition Drop", "Authentifié Nfc",
				  "Lenticulaire", "Numérotée"),
		.desc = L("Figurine officielle {F}.", "Hauteur : {S}.",
			  "Objet de collection en {K}.", "Livrée dans sa boîte d'origine."),
		.p_shared = 0.3, .p_foreign = 0.15, .p_desc = 0.63,
	},
	{ /* 1160 cartes à collectionner */
		.title = L("{F} - {R} - {N} - {A}", "{F} - Serie {#} - {#} - Francaise",
			   "N° {#} {P} - {B} {Y}", "{N} À Écailles - {A} - Vf - Magic",
			   "{P} - {B} {Y} #{#}", "{F} {N} {#}/@"),
		.foreign = L("{P} - {B} {Y} #{#} - Nfl", "{F} Trading Card {A}"),
		.nouns = L("Carte", "Carte Holo", "Booster", "Drakôn", "Carte Rare",
			   "Carte Promo", "Deck", "Carte Brillante"),
		.brands = L("Panini", "Adrenalyn", "Upper Deck", "Topps", "Wizards", "Konami",
			    "Force Attax", "Amakna"),
		.attrs = L("Rare", "Peu Commune", "Commune", "Holo", "Reverse", "Mythique",
			   "Ultra Rare", "Foil"),
		.sizes = L("#/@", "@"),
		.future = L("Prisme Foil", "Prisme Foil Secret", "Pochette Éclipse",
			    "Starter Nébula", "Slab Gradé"),
		.future_attrs = L("Psa 10", "Gradée", "Alt-Art", "Texturée", "Chromatique"),
		.desc = L("Carte {A} en {K}.", "Carte à collectionner {F}.",
			  "Envoyée sous protection rigide."),
		.p_shared = 0.0, .p_foreign = 0.15, .p_desc = 0.43,
	},
	{ /* 1180 figurines et jeux de rôle */
		.title = L("{F} {N} En Plomb À Peindre Avec Son Socle", "{N} - Ecran Et Cartes {A}",
			   "{N} {A} - {B}", "Figurine {N} À Peindre {S}", "{B} - {N} {A}",
			   "{Q} {N} Warhammer"),
		.foreign = L("{N} Vampire Counts {B}", "{B} {N} Miniatures"),
		.nouns = L("Figurine En Plomb", "Jeu De Rôle", "Livre De Règles", "Écran Du Meneur",
			   "Miniature", "Dés", "Escouade", "Régiment", "Codex"),
		.brands = L("Games Workshop", "Warhammer", "Mournblade", "Citadel", "Reaper",
			    "Mantic", "Rackham"),
		.attrs = L("Fantasy", "Médiéval", "Space Marine", "Elfe", "Nain", "Orque",
			   "Vampire", "Chevalier"),
		.sizes = L("# Mm", "#mm"),
		.future = L("Résine 3d", "Résine 3d Héroïque", "Campagne Solo", "Kit Cyberpunk",
			    "Terrain Modulaire"),
		.future_attrs = L("Imprimé 3d", "Stl Inclus", "Solo-Play", "Grimdark",
				  "Post-Apo"),
		.desc = L("Figurine à peindre, livrée non montée.", "Échelle {S}.",
			  "Pour le jeu de rôle {B}."),
		.p_shared = 0.4, .p_foreign = 0.2, .p_desc = 0.53,
	},
	{ /* 1280 jouets enfants, peluches */
		.title = L("{N} {F} {C}", "{N} {B} - {A}", "{Q} {N} {A} Pour Enfants",
			   "{N} {F} - {B}", "{N} {A} {S}", "{F} {N} {C} {S}"),
		.foreign = L("{F} {N} Toy {C}", "{N} Kids Toy {S}"),
		.nouns = L("Peluche", "Poupée", "Doudou", "Marionnette", "Jouet Musical",
			   "Hochet", "Jouet De Bain", "Voiture Jouet", "Dînette", "Maison De Poupée"),
		.brands = L("Vtech", "Fisher-Price", "Playmobil", "Lego", "Mattel", "Smoby",
			    "Clementoni", "Janod", "Hasbro", "Moakoada", "Cocoworld"),
		.attrs = L("Éducatif", "Sensoriel", "Lumineux", "Sonore", "En Bois", "Doux",
			   "Interactif", "Anti-Stress"),
		.sizes = L("# Cm", "#x# Pieces", "# Mois+", "# Ans+"),
		.future = L("Robot Câlin", "Robot Câlin Veilleuse", "Squishmallow",
			    "Squishmallow Géant", "Fidget Cube"),
		.future_attrs = L("Sans Écran", "Montessori", "Rechargeable Usb-C",
				  "Lavable Bio", "Stem"),
		.desc = L("Ce {N} fera le bonheur des enfants.", "Dès {S}.",
			  "Matériaux non toxiques.", "Développe la motricité et l'imagination."),
		.p_shared = 0.75, .p_foreign = 0.15, .p_desc = 0.68,
	},
	{ /* 1281 jeux de société */
		.title = L("{N} {F} {C}", "{N} {B} - {A}", "{Q} {N} {A} Pour Enfants",
			   "{N} {F} - {B}", "{N} {A} {S}", "{F} {N} {C} {S}"),
		.foreign = L("{N} Card Game {B}", "{F} {N} Board Game"),
		.nouns = L("Jeu De Société", "Jeu De Plateau", "Jeu De Dés", "Jeu D'ambiance",
			   "Jeu De Stratégie", "Jeu De Cartes"),
		.brands = L("Asmodee", "Hasbro", "Mattel", "Ravensburger", "Djeco", "Gigamic",
			    "Peaceable Kingdom", "Goliath", "Clementoni"),
		.attrs = L("Coopératif", "Familial", "Éducatif", "Magnétique", "Voyage",
			   "Interactif", "En Bois"),
		.sizes = L("# Joueurs", "# Ans+", "#x# Pieces"),
		.future = L("Escape Box", "Escape Box Junior", "Roll & Write", "Legacy Box",
			    "Party Game Qr"),
		.future_attrs = L("Avec Appli", "Qr Code", "Campagne Legacy", "Coop Solo",
				  "Dés Connectés"),
		.desc = L("Un {N} pour toute la famille.", "De {S}.",
			  "Règles simples, parties rapides.", "Développe la logique et l'imagination."),
		.p_shared = 0.75, .p_foreign = 0.2, .p_desc = 0.68,
	},
	{ /* 1300 modélisme, radiocommandé, drones */
		.title = L("{N} Rc {A} {S} - {B}", "Maquette D'avion {N} {B} {A}",
			   "{N} Wifi Fpv {A} 2.4 Ghz {S}", "{B} - {R} - Modélisme Ferroviaire - {N}",
			   "{N} {B} 1/{#} {C}", "{Q} Hélice Pour {N} {B}"),
		.foreign = L("{N} Quadcopter {A} {B}", "{B} {N} Hubschrauber Camera"),
		.nouns = L("Drone", "Quadcopter", "Hélicoptère", "Voiture Rc", "Avion Rc",
			   "Bateau Rc", "Locomotive", "Maquette", "Camion Rc", "Servo", "Gimbal"),
		.brands = L("Dji", "Syma", "Noch", "Norev", "Traxxas", "Revell", "Tamiya",
			    "Hubsan", "Parrot", "Uapa", "Générique"),
		.attrs = L("6-Axis Gyro", "Caméra Hd", "Headless", "Brushless", "720p",
			   "Pliable", "4ch", "Fpv"),
		.sizes = L("1/#", "@ Mah", "# Cm", "#ch"),
		.future = L("Nano Fpv 8k", "Nano Fpv Whoop", "Aile Solaire",
			    "Aile Solaire Eco-Flyer", "Pocket Ai Cam"),
		.future_attrs = L("Suivi Ia", "Évitement 360", "Omni-Directionnel",
				  "Transmission O4", "Charge Solaire"),
		.desc = L("{N} radiocommandé {A}.", "Batterie {S} incluse.",
			  "Portée jusqu'à @ mètres.", "Stabilisation 6 axes."),
		.p_shared = 0.25, .p_foreign = 0.25, .p_desc = 0.73,
	},
	{ /* 1301 vêtements et chaussettes bébé, accessoires enfants */
		.title = L("{N} Bébé {A} {C}", "Enfants Bébé Tout-Petits {N} {A} Unisexe",
			   "{Q} {N} Bébé {S} - {B}", "{N} Fille Garçon {C} {S}",
			   "{Q} Balles De Baby Foot {B}"),
		.foreign = L("Baby {N} {C} {S}", "Toddler {N} Unisex"),
		.nouns = L("Chaussettes", "Body", "Bonnet", "Chaussons", "Grenouillère",
			   "Pyjama", "Bavoir", "Gigoteuse", "Baby Foot", "Chaussures Souples"),
		.brands = L("Auucne", "Petit Bateau", "Absorba", "Bonzini", "Obaibi", "Kiabi"),
		.attrs = L("Anti-Dérapant", "Coton Bio", "Chaud", "Cartoon", "Brodé", "Doux"),
		.sizes = L("#-# Mois", "# Mois", "Taille #"),
		.future = L("Combinaison Bambou", "Bambou Jersey", "Socquettes Évolutives",
			    "Turbulette 4 Saisons", "Bandana Dentition"),
		.future_attrs = L("Fibre De Bambou", "Oeko-Tex", "Évolutive", "Upcyclé",
				  "Seconde Main"),
		.desc = L("Matière douce pour la peau de bébé.", "Taille {S}.",
			  "Lavable en machine à 30°."),
		.p_shared = 0.0, .p_foreign = 0.2, .p_desc = 0.73,
	},
	{ /* 1302 jeux d'extérieur */
		.title = L("{N} {B} {A} {S}", "{N} {A} {C} - {B}", "{Q} {N} {A}",
			   "{N} Enfant {C} {S}", "{B} {N} {C}"),
		.foreign = L("{N} Outdoor {C} {S}", "{B} {N} Kids Outdoor"),
		.nouns = L("Trampoline", "Balançoire", "Toboggan", "Tricycle", "Trottinette",
			   "Cerf-Volant", "Pistolet À Eau", "Leurres Pêche", "Portique",
			   "Parachute À Lancer", "Bac À Sable", "Ballon Sauteur", "Mölkky"),
		.brands = L("Berg", "Little Tikes", "Smoby", "Gunther", "Decathlon", "Hudora",
			    "Trigano", "Moby"),
		.attrs = L("Extérieur", "Résistant", "Pliable", "Géant", "Réglable", "Inground",
			   "Étanche"),
		.sizes = L("@cm", "# Cm", "@ Kg Max"),
		.future = L("Water Blaster Xl", "Water Blaster Duo", "Pickleball Set",
			    "Pickleball Junior", "Slackline Kit", "Spikeball"),
		.future_attrs = L("Gonflable Renforcé", "Bord Mousse", "Filet Sécurité Pro",
				  "Tout-Terrain", "Double Usage"),
		.desc = L("Pour jouer en plein air tout l'été.", "Charge maximale {S}.",
			  "Structure en acier galvanisé."),
		.p_shared = 0.35, .p_foreign = 0.15, .p_desc = 0.73,
	},
	{ /* 1320 puériculture */
		.title = L("{N} {B} {A} {C}", "{N} {A} {S} - {B}", "{B} {N} {S}",
			   "{N} {N} {A} - {C}", "{N} Bébé {A} {S}"),
		.foreign = L("{B} Baby {N} {S}", "{N} For Baby {C}"),
		.nouns = L("Poussette", "Siège Auto", "Rehausseur", "Lit Parapluie", "Chaise Haute",
			   "Babyphone", "Biberon", "Coussin D'allaitement", "Transat", "Tapis D'éveil",
			   "Porte-Bébé", "Matelas À Langer"),
		.brands = L("Chicco", "Bébé Confort", "Tigex", "Babymoov", "Graco", "Maxi-Cosi",
			    "Largo", "Béaba"),
		.attrs = L("3 En 1", "Pliable", "Isofix", "Groupe 2/3", "Évolutif", "Combiné",
			   "Réglable"),
		.sizes = L("# Mois+", "# À #kg", "#x# Cm"),
		.future = L("Trio E-Drive", "Trio E-Drive Compact", "Coque Rotative 360",
			    "Moniteur Wifi 4k", "Sling Tech"),
		.future_attrs = L("I-Size", "Rotatif 360", "Assistance Électrique",
				  "Veilleuse Intégrée", "Ultra-Compact"),
		.desc = L("Homologué selon la norme européenne.", "De {S}.",
			  "Facile à plier et à transporter."),
		.p_shared = 0.0, .p_foreign = 0.1, .p_desc = 0.78,
	},
	{ /* 1560 mobilier intérieur, literie */
		.title = L("{N} {A} {C} - {S}", "{Q} {N} {A} {C}", "{N} {B} {A} - {C}",
			   "{N} {S} {A} - {B}", "{N} Style {A} {C}"),
		.foreign = L("{N} Chair {C} {A}", "Inspired {N} {C}"),
		.nouns = L("Chaise", "Fauteuil", "Matelas", "Canapé", "Commode", "Armoire",
			   "Bureau", "Lit", "Sommier", "Table Basse", "Buffet", "Tabouret De Bar",
			   "Table De Chevet", "Bibliothèque"),
		.brands = L("Eames", "Ikea", "Conforama", "Vente-Unique", "Chesterfield", "Alinea",
			    "Maisons Du Monde"),
		.attrs = L("Industriel", "Scandinave", "Cuir", "Velours", "Chêne", "Mémoire De Forme",
			   "Métal", "Déhoussable"),
		.sizes = L("@x@", "@ X @ Cm", "# X # Cm"),
		.future = L("Modulable Bouclette", "Méridienne Bouclette", "Poste Assis-Debout",
			    "Hybride Gel", "Cocooning Xxl"),
		.future_attrs = L("Bouclette", "Japandi", "Terrazzo", "Rotin Naturel",
				  "Pieds Compas"),
		.desc = L("{N} au design {A}.", "Dimensions : {S}.", "Montage facile, notice incluse.",
			  "Structure robuste en {A}."),
		.p_shared = 0.3, .p_foreign = 0.1, .p_desc = 0.78,
	},
	{ /* 1920 linge de maison */
		.title = L("{N} {A} {C} {S}", "{Q} {N} {A}", "{N} {C} - {A} - {S}",
			   "Paire De {N} {A}", "{N} Coussin {A} Taie D'oreiller"),
		.foreign = L("{N} Pillow Cover {C}", "Throw {N} Home Decor {S}"),
		.nouns = L("Housse De Couette", "Taie D'oreiller", "Drap Housse", "Rideau",
			   "Voilage", "Plaid", "Nappe", "Serviette De Bain", "Parure De Lit",
			   "Linge De Lit", "Torchon"),
		.brands = L("Essentiel", "Linvosges", "Tradilinge", "Blanc Des Vosges", "Suan"),
		.attrs = L("Lin", "Coton", "Polyester", "À Oeillets", "Imprimé", "Uni", "Brodé",
			   "Peluche Douce"),
		.sizes = L("@ X @ Cm", "#x# Cm", "@x@"),
		.future = L("Couette Thermorégulante", "Couette Tencel", "Tencel Lyocell",
			    "Gaze De Coton Froissée", "Jeté Chauffant Usb"),
		.future_attrs = L("Gaze De Coton", "Stonewash", "Thermorégulant", "Lyocell",
				  "Froissé"),
		.desc = L("{N} en {A}.", "Dimensions : {S}.", "Lavable en machine à 40°.",
			  "Doux et résistant."),
		.p_shared = 0.3, .p_foreign = 0.2, .p_desc = 0.73,
	},
	{ /* 1940 alimentation, épicerie */
		.title = L("{Q} {N} {A} - {S}", "{B} {N} {A} {S}", "{N} {A} Bio - {S}",
			   "{B} {N} - {S}"),
		.foreign = L("{B} {N} {S}", "Organic {N} {S}"),
		.nouns = L("Thé Vert", "Café En Grains", "Capsules", "Chewing Gum", "Bonbons",
			   "Chocolat", "Purée De Pomme", "Épices", "Biscuits", "Miel", "T-Discs"),
		.brands = L("Twinings", "Tassimo", "Dolce Gusto", "Nespresso", "Lindt", "Haribo",
			    "Meme Georgette", "Kusmi Tea"),
		.attrs = L("Bio", "Sans Gluten", "Menthe", "Espresso", "Vrac", "Pastèque"),
		.sizes = L("@g", "# X # Caps.", "#cl", "@ G"),
		.future = L("Kombucha", "Kombucha Gingembre", "Matcha Latte", "Snack Keto",
			    "Boisson Adaptogène"),
		.future_attrs = L("Keto", "Vegan", "Adaptogène", "Zéro Sucre", "Probiotique"),
		.desc = L("Ingrédients : voir l'emballage.", "Poids net {S}.",
			  "À conserver dans un endroit sec."),
		.p_shared = 0.0, .p_foreign = 0.15, .p_desc = 0.63,
	},
	{ /* 2060 décoration intérieure */
		.title = L("{N} {A} {C} - {S}", "{Q} {N} {A}", "{N} Décor {A} Maison",
			   "{N} {A} Home Decoration", "{F} {N} Décoration", "{N} {B} {A}"),
		.foreign = L("Home {N} Decor {C}", "Wall {N} Sticker {A}"),
		.nouns = L("Stickers Muraux", "Vase", "Cadre Photo", "Miroir", "Bougie",
			   "Horloge Murale", "Guirlande Lumineuse", "Spot Encastrable",
			   "Boîte Décorative", "Lampe De Chevet", "Statue", "Suspension"),
		.brands = L("Atmosphera", "Maisons Du Monde", "Philips", "Zodio", "Shen"),
		.attrs = L("Led", "Vintage", "Amovible", "Noël", "Halloween", "Art Déco", "Bohème",
			   "Métal"),
		.sizes = L("# Cm", "#w", "@ X @ Mm"),
		.future = L("Néon Flex", "Néon Flex Mural", "Mural Connecté", "Toile Digitale",
			    "Panneau Mousse Végétale"),
		.future_attrs = L("Végétal Stabilisé", "Wabi-Sabi", "Rgbic", "Néon", "Japandi"),
		.desc = L("Apportez une touche {A} à votre intérieur.", "Dimensions : {S}.",
			  "Facile à poser et à retirer."),
		.p_shared = 0.35, .p_foreign = 0.2, .p_desc = 0.73,
	},
	{ /* 2220 animalerie */
		.title = L("{N} Pour {A} {C} {S}", "{N} {B} - {S}", "{B} {N} {A}",
			   "{N} {A} Chien Chat {S}"),
		.foreign = L("Pet {N} {C} {S}", "{N} For Dogs {A}"),
		.nouns = L("Collier", "Laisse", "Gamelle", "Arbre À Chat", "Litière", "Niche",
			   "Distributeur De Nourriture", "Manteau Pour Chien", "Aquarium", "Cage",
			   "Griffoir"),
		.brands = L("Zolux", "Trixie", "Ferplast", "Magideal", "Purina", "Flamingo"),
		.attrs = L("Chien", "Chat", "Oiseaux", "Rongeur", "Imperméable", "Réglable"),
		.sizes = L("Taille #", "# Cm", "Xl"),
		.future = L("Traceur Gps", "Traceur Gps Chat", "Abreuvoir Smart",
			    "Croquettes Insectes", "Bac Autonettoyant"),
		.future_attrs = L("Autonettoyant", "Application Mobile", "Insectes",
				  "Hypoallergénique", "Gps"),
		.desc = L("Idéal pour votre {A}.", "Taille {S}.", "Matériau résistant et lavable."),
		.p_shared = 0.0, .p_foreign = 0.2, .p_desc = 0.68,
	},
	{ /* 2280 journaux et magazines anciens */
		.title = L("{M} N° {#} Du {D} - {T}", "{M} N° {#} Du {D} - {T} - {P} - {P}",
			   "{M} N° {#} - {T}.", "{M} {#}", "{M} N° {#} {Y} - {T}",
			   "{M} N° {#} Du {D}"),
		.foreign = L("{M} N° {#} - {E}", "{M} N° {#} Du {D}"),
		.nouns = L("Numéro", "Journal", "Magazine", "Hebdomadaire", "Supplément"),
		.brands = L("Hachette", "Prisma", "Lagardère"),
		.attrs = L("Ancien", "Illustré", "Hebdomadaire", "Mensuel"),
		.sizes = L("# Pages"),
		.future = L("Mook", "Mook Trimestriel", "Fanzine Riso", "Bookzine",
			    "Zine Collectif"),
		.future_attrs = L("Risographie", "Tirage Limité", "Indépendant", "Trimestriel",
				  "Grand Format Mook"),
		.desc = L("Journal ancien, bon état général.", "Numéro de {Y}.",
			  "Quelques rousseurs."),
		.p_shared = 0.3, .p_foreign = 0.05, .p_desc = 0.33,
	},
	{ /* 2403 livres, BD et magazines en lots */
		.title = L("Lot De {n} Livres {T}", "{T} - Lot {N} - Tome 1 À {n}",
			   "{P} Oeuvres Complètes Tomes {#}", "Lot {n} Livres {N} - {T} - {P}",
			   "{T} Vol. {Y}", "Lot De {n} Magazines {M}", "{F} - Lot {N} - Tome 1 À {n}"),
		.foreign = L("Lot Of {n} Books {E}", "{E} - Box Set {n} Volumes"),
		.nouns = L("Mangas", "Bd", "Romans", "Encyclopédie", "Partitions", "Marque-Pages",
			   "Livres", "Bandes Dessinées", "Intégrale"),
		.brands = L("Glénat", "Dargaud", "Casterman", "Kana", "Dupuis", "Pika"),
		.attrs = L("Complet", "Série", "Collection", "Vintage"),
		.sizes = L("{n} Volumes", "{n} Tomes"),
		.future = L("Webtoon", "Webtoon Coffret", "Manhwa", "Manhwa Couleur",
			    "Light Novel", "Manhua"),
		.future_attrs = L("Format Scroll", "Couleur Intégrale", "Jaquette Exclusive",
				  "Tome Bonus", "Coréen Traduit"),
		.desc = L("Lot de {n} ouvrages en {K}.", "Vendu en l'état.",
			  "Envoi soigné en colis suivi."),
		.p_shared = 0.3, .p_foreign = 0.05, .p_desc = 0.48,
	},
	{ /* 2462 jeux vidéo et consoles d'occasion en lots */
		.title = L("{L} + Chargeur + Sacoche + {n} Jeux", "{L} {S} + {n} Jeux + Une Manette",
			   "Lot De {n} Jeux Video {L} ({G} ...)", "Lot - {G} - Sur {L} + 1 Jeu Pc",
			   "{L} {C} + Jeu {G}", "Lot {n} Jeux {L} {K}"),
		.foreign = L("Bundle {L} + {n} Games", "{L} Lot {n} Games"),
		.nouns = L("Lot", "Pack", "Bundle", "Sacoche", "Manettes", "Jeux"),
		.brands = L("Nintendo", "Sony", "Microsoft", "Sega"),
		.attrs = L("Occasion", "Complet", "Testé", "Fonctionne"),
		.sizes = L("@ Go", "@go", "# Giga"),
		.future = L("Mini Rétro", "Mini Rétro Hdmi", "Kit Vr", "Pack Nomade",
			    "Cloudbox Reconditionnée"),
		.future_attrs = L("Reconditionné", "Garanti 12 Mois", "Grade A", "Sans Rayures",
				  "Firmware À Jour"),
		.desc = L("Lot d'occasion, testé et fonctionnel.", "Contient {n} jeux.",
			  "Voir photos pour le contenu exact."),
		.p_shared = 0.3, .p_foreign = 0.1, .p_desc = 0.63,
	},
	{ /* 2522 papeterie, fournitures de bureau */
		.title = L("{B} {N} {A} {C}", "{N} {S} {A} - {B}", "{B} {Q} {N} {A} {C}",
			   "{N} {B} {R} {C}", "{B} {N} Coloris {C}"),
		.foreign = L("{N} {A} {S} - {B}", "Personalisiertes {N} / {S}"),
		.nouns = L("Cahier", "Stylo Plume", "Agrafeuse", "Crayons De Couleur", "Classeur",
			   "Carnet", "Cartouche D'encre", "Surligneur", "Trieur", "Enveloppes",
			   "Tampon Encreur", "Ramette Papier", "Notizbuch", "Pochettes"),
		.brands = L("Conquérant", "Zenith", "Pilot", "Faber-Castell", "Trodat", "Clairefontaine",
			    "Oxford", "Bic", "Stabilo", "Exacompta", "Lindner"),
		.attrs = L("Seyès", "A4", "A5", "Polypro", "Grands Carreaux", "Effaçable",
			   "Rechargeable", "Pointe Moyenne"),
		.sizes = L("@ X @ Mm", "# Pages", "#g", "@ Feuilles"),
		.future = L("Bullet Journal", "Bullet Journal Pointillé", "Ardoise Lcd",
			    "Washi Tape", "Kit Lettering"),
		.future_attrs = L("Pointillé", "Réutilisable", "Papier De Pierre", "Cuir Vegan",
				  "Sync Cloud"),
		.desc = L("{N} {B} format {A}.", "{S}.", "Papier de qualité supérieure."),
		.p_shared = 0.0, .p_foreign = 0.15, .p_desc = 0.63,
	},
	{ /* 2582 mobilier et accessoires de jardin */
		.title = L("{N} {A} {C} - {S}", "{N} De Jardin {A} {C}", "{N} {B} {A}",
			   "{N} Extérieur {A} - {S}", "{Q} {N} {A} Jardin"),
		.foreign = L("Garden {N} {C} {S}", "{N} Outdoor {A}"),
		.nouns = L("Salon De Jardin", "Chaise Longue", "Tente Pliante", "Transat",
			   "Hamac", "Tonnelle", "Lampe Solaire", "Bain De Soleil", "Pergola"),
		.brands = L("Hesperide", "Oogarden", "Marina", "Garcia De Pou", "Keter", "Allibert"),
		.attrs = L("Résine Tressée", "Aluminium", "Teck", "Pliable", "Étanche", "Solaire",
			   "Ip65", "Anti-Uv"),
		.sizes = L("# X # M", "# Cm", "@ Cm", "# L"),
		.future = L("Pod Bulle", "Pod Bulle Suspendu", "Lounge Modulaire",
			    "Brasero Corten", "Daybed Rope"),
		.future_attrs = L("Corten", "Polywood", "Rope", "Hpl", "Outdoor Bouclette"),
		.desc = L("{N} pour votre jardin ou terrasse.", "Dimensions : {S}.",
			  "Résiste aux intempéries.", "Matériau : {A}."),
		.p_shared = 0.7, .p_foreign = 0.1, .p_desc = 0.73,
	},
	{ /* 2583 piscine et spa */
		.title = L("{N} {A} {S} - {B}", "{N} De {B}", "{N} Piscine {A}", "{Q} {N} - {B}",
			   "{N} {A} Pour Piscines {S}", "{B} {N} {S}"),
		.foreign = L("Pool {N} {S}", "{B} Pool {N}"),
		.nouns = L("Pompe De Filtration", "Piscine Gonflable", "Spa Gonflable", "Bâche À Bulles",
			   "Robot Piscine", "Skimmer", "Chlore", "Testeur De Ph", "Échelle Piscine",
			   "Liner", "Filtre À Sable", "Bouée Gonflable", "Préfiltre", "Surpresseur",
			   "Kit De Désinfection", "Pompe À Chaleur", "Épuisette"),
		.brands = L("Intex", "Bestway", "Gre", "Zodiac", "Marina", "Speck Badu", "Dab",
			    "Astralpool", "Oogarden", "Hayward", "Bayrol"),
		.attrs = L("Hors-Sol", "Électronique", "Jetable", "Autonettoyant", "Tubulaire",
			   "Enfants", "Mono", "Chauffant"),
		.sizes = L("@x@ Cm", "@ L", "# M3/H", "# Cv", "# Kg"),
		.future = L("Bain Nordique", "Bain Nordique Cèdre", "Bassin Naturel",
			    "Nettoyeur Solaire Flottant", "Hot Tub"),
		.future_attrs = L("Poêle À Bois", "Bain Froid", "Eau Salée", "Filtration Uv-C",
				  "Cèdre Rouge"),
		.desc = L("{N} pour piscines {A}.", "Débit {S}.",
			  "Compatible avec la plupart des piscines hors-sol.",
			  "Eau claire et saine tout l'été."),
		.p_shared = 0.15, .p_foreign = 0.05, .p_desc = 0.78,
	},
	{ /* 2585 bricolage, outillage, jardinage */
		.title = L("{N} {A} {C} - {S}", "{N} De Jardin {A} {C}", "{N} {B} {A}",
			   "{N} Extérieur {A} - {S}", "{Q} {N} {A} Jardin"),
		.foreign = L("{B} {N} {S}", "{N} Tools {A}"),
		.nouns = L("Taille-Haies", "Tuyau D'arrosage", "Perceuse", "Tondeuse", "Sécateur",
			   "Pince À Sertir", "Scie", "Clarinette D'arrosage", "Visseuse", "Pelle",
			   "Débroussailleuse"),
		.brands = L("Bosch", "Gardena", "Makita", "Black & Decker", "Ryobi", "Stanley",
			    "Fiskars", "Einhell"),
		.attrs = L("Sans Fil", "Li-18", "Enterré", "Multifonction", "Électrique",
			   "Thermique", "Inox", "Professionnel"),
		.sizes = L("# Mm x # M", "#/# Mm", "@ W", "# V"),
		.future = L("Robot Faucheur Gps", "Robot Faucheur Rtk", "Outil Multi-Batterie",
			    "Découpeur Laser", "Composteur Rapide"),
		.future_attrs = L("Brushless 36v", "Sans Balais", "Plateforme Batterie",
				  "Gps Rtk", "Wifi"),
		.desc = L("{N} {B} {A}.", "Puissance {S}.", "Livré sans batterie.",
			  "Pour tous vos travaux de jardinage."),
		.p_shared = 0.7, .p_foreign = 0.1, .p_desc = 0.73,
	},
	{ /* 2705 livres neufs */
		.title = L("{T}", "{T}", "{T} - {P}", "{T} - Tome {n}", "L'intégrale De {P} - Tome {n}",
			   "{T} - {N}", "{T} ; {T}"),
		.foreign = L("{E}", "{E} - {P}"),
		.nouns = L("Roman", "Essai", "Récit", "Nouvelles", "Poésie", "Biographie", "Guide"),
		.brands = L("Gallimard", "Albin Michel", "Actes Sud", "Grasset", "Pocket", "Robert Laffont"),
		.attrs = L("Broché", "Grand Format", "Poche", "Illustré", "Inédit"),
		.sizes = L("@ Pages"),
		.future = L("Romantasy", "Romantasy Collector", "Cosy Mystery",
			    "Climat-Fiction", "Solarpunk"),
		.future_attrs = L("Édition Jaspée", "Booktok", "Tranches Peintes",
				  "Grand Prix Lecteurs", "Premier Roman"),
		.desc = L("{P} signe ici un {N} bouleversant.", "Un récit sur {t} et {t}.",
			  "Paru aux éditions {B}.", "Prix littéraire {Y}."),
		.p_shared = 0.3, .p_foreign = 0.1, .p_desc = 0.63,
	},
	{ /* 2905 jeux PC en téléchargement */
		.title = L("{G} - Jeu En Téléchargement", "{G} - Season Pass (Extension) - Jeu En Téléchargement",
			   "{G}: {A} - Jeu En Téléchargement", "{G} - Dlc - Jeu En Téléchargement"),
		.foreign = L("{G} - Steam Key", "{G} - Pc Download"),
		.nouns = L("Jeu En Téléchargement", "Code De Téléchargement", "Clé Steam", "Dlc"),
		.brands = L("Steam", "Uplay", "Origin", "Gog", "Big Fish Games"),
		.attrs = L("High Society", "Collector's Edition", "Gold Edition", "Complete"),
		.sizes = L("@ Mo"),
		.future = L("Cloud Pass", "Cloud Pass Premium", "Battle Pass", "Early Access",
			    "Pass Cosmétique"),
		.future_attrs = L("Cross-Save", "Accès Anticipé", "Compte Cloud", "Crossplay",
				  "Clé Globale"),
		.desc = L("Jeu PC en téléchargement.", "Activation sur {B}.",
			  "Configuration minimale requise : voir la fiche."),
		.p_shared = 0.1, .p_foreign = 0.1, .p_desc = 0.83,
	},
};
