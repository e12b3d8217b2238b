/* stopwords: function words of French, English and German; see stopwords.h. */
#include "text/stopwords.h"

#include <stddef.h>

const char *const stopwords_fr[] = {
	"a", "à", "afin", "ai", "au", "aux", "avec", "c", "ce", "ceci", "cela", "celle",
	"celles", "celui", "ces", "cet", "cette", "ceux", "chez", "d", "dans", "de", "des",
	"donc", "dont", "du", "elle", "elles", "en", "entre", "es", "est", "et",
	"être", "eu", "il", "ils", "j", "je", "l", "la", "le", "les", "leur", "leurs", "lui",
	"m", "ma", "mais", "me", "mes", "moi", "mon", "n", "ne", "ni", "nos", "notre",
	"nous", "on", "ont", "ou", "où", "par", "pas", "pour", "qu", "que", "qui", "s", "sa",
	"sans", "se", "ses", "si", "son", "sont", "sous", "sur", "t", "ta", "te", "tes",
	"toi", "ton", "très", "tu", "un", "une", "vos", "votre", "vous", "y", NULL,
};

const char *const stopwords_en[] = {
	"a", "about", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can",
	"for", "from", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is",
	"it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "she", "so", "than",
	"that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
	"to", "up", "us", "was", "we", "were", "what", "when", "which", "while", "who",
	"will", "with", "you", "your", NULL,
};

const char *const stopwords_de[] = {
	"aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "da", "das",
	"dass", "dem", "den", "der", "des", "die", "dies", "diese", "dieser", "du", "durch",
	"ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "für", "hat", "ich",
	"ihr", "im", "in", "ist", "ja", "kein", "mit", "nach", "nicht", "noch", "nur", "ob",
	"oder", "sich", "sie", "sind", "so", "um", "und", "uns", "von", "vor", "war", "was",
	"wie", "wir", "zu", "zum", "zur", NULL,
};
