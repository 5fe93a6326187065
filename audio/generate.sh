#!/bin/sh
# Generates the prompt sets in audio/<language>/ from the texts below, reproducibly: the same
# Debian packages give the same bytes (no dither, fixed voices and speed).
#   apt-get install -y espeak-ng sox
#   audio/generate.sh
# Output: G.711 mu-law, 8 kHz, mono WAV, as the media service plays them.
set -eu
cd "$(dirname "$0")"
command -v espeak-ng >/dev/null || { echo "espeak-ng is missing: apt-get install -y espeak-ng" >&2; exit 1; }
command -v sox >/dev/null || { echo "sox is missing: apt-get install -y sox" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# to_prompt <input wav> <output wav>: 8 kHz mono mu-law, telephone band, no dither (reproducible),
# normalised to -6 dBFS so every prompt plays at the same level.
to_prompt() {
    sox -D "$1" -r 8000 -c 1 -e mu-law -b 8 "$2" gain -6 highpass 300 lowpass 3400 gain -n -6
}

# say <language> <voice> <name> <text>
say() {
    mkdir -p "$1"
    espeak-ng -v "$2" -s 150 -w "$work/$3.wav" "$4"
    to_prompt "$work/$3.wav" "$1/$3.wav"
}

speak_set() {
    lang=$1 voice=$2
    shift 2
    while [ $# -ge 2 ]; do
        say "$lang" "$voice" "$1" "$2"
        shift 2
    done
}

speak_set es es \
    welcome "Bienvenido al servicio de devolución de llamada." \
    enter_pin "Marque su número de identificación personal, seguido de la tecla numeral." \
    enter_destination "Marque el número de destino, seguido de la tecla numeral." \
    confirm "Para confirmar, pulse uno. Para corregir, pulse dos." \
    connecting "Conectando su llamada. Por favor, espere." \
    invalid_destination "El número marcado no es válido." \
    insufficient_balance "Su saldo es insuficiente para esta llamada." \
    route_failed "No ha sido posible completar su llamada. Inténtelo más tarde." \
    goodbye "Gracias por su llamada. Adiós." \
    0 "cero" 1 "uno" 2 "dos" 3 "tres" 4 "cuatro" 5 "cinco" 6 "seis" 7 "siete" 8 "ocho" 9 "nueve"

speak_set en en-us \
    welcome "Welcome to the callback service." \
    enter_pin "Please enter your PIN, followed by the hash key." \
    enter_destination "Please enter the destination number, followed by the hash key." \
    confirm "To confirm, press one. To correct it, press two." \
    connecting "Connecting your call. Please wait." \
    invalid_destination "The number you entered is not valid." \
    insufficient_balance "Your balance is too low for this call." \
    route_failed "Your call could not be completed. Please try again later." \
    goodbye "Thank you for calling. Goodbye." \
    0 "zero" 1 "one" 2 "two" 3 "three" 4 "four" 5 "five" 6 "six" 7 "seven" 8 "eight" 9 "nine"

# The words amounts and durations are said with (io.ringback.media.ivr.SpokenAmount): numbers,
# currency and unit names in the singular and plural, and the joining words of each language.
speak_set es es \
    num_0 "cero" num_1 "uno" num_2 "dos" num_3 "tres" \
    num_4 "cuatro" num_5 "cinco" num_6 "seis" num_7 "siete" \
    num_8 "ocho" num_9 "nueve" num_10 "diez" num_11 "once" \
    num_12 "doce" num_13 "trece" num_14 "catorce" num_15 "quince" \
    num_16 "dieciséis" num_17 "diecisiete" num_18 "dieciocho" num_19 "diecinueve" \
    num_20 "veinte" num_21 "veintiuno" num_22 "veintidós" num_23 "veintitrés" \
    num_24 "veinticuatro" num_25 "veinticinco" num_26 "veintiséis" num_27 "veintisiete" \
    num_28 "veintiocho" num_29 "veintinueve" num_30 "treinta" num_40 "cuarenta" \
    num_50 "cincuenta" num_60 "sesenta" num_70 "setenta" num_80 "ochenta" \
    num_90 "noventa" num_100 "cien" num_200 "doscientos" num_300 "trescientos" \
    num_400 "cuatrocientos" num_500 "quinientos" num_600 "seiscientos" num_700 "setecientos" \
    num_800 "ochocientos" num_900 "novecientos" num_100_compound "ciento" num_1_short "un" \
    num_21_short "veintiún" num_thousand "mil" num_million "millón" num_millions "millones" \
    word_and "y" word_with "con" word_of "de" currency_usd_one "dólar" \
    currency_usd_many "dólares" currency_usd_cent_one "centavo" currency_usd_cent_many "centavos" currency_eur_one "euro" \
    currency_eur_many "euros" currency_eur_cent_one "céntimo" currency_eur_cent_many "céntimos" currency_mxn_one "peso" \
    currency_mxn_many "pesos" currency_mxn_cent_one "centavo" currency_mxn_cent_many "centavos" unit_minute_one "minuto" \
    unit_minute_many "minutos" unit_second_one "segundo" unit_second_many "segundos"

speak_set en en-us \
    num_0 "zero" num_1 "one" num_2 "two" num_3 "three" \
    num_4 "four" num_5 "five" num_6 "six" num_7 "seven" \
    num_8 "eight" num_9 "nine" num_10 "ten" num_11 "eleven" \
    num_12 "twelve" num_13 "thirteen" num_14 "fourteen" num_15 "fifteen" \
    num_16 "sixteen" num_17 "seventeen" num_18 "eighteen" num_19 "nineteen" \
    num_20 "twenty" num_30 "thirty" num_40 "forty" num_50 "fifty" \
    num_60 "sixty" num_70 "seventy" num_80 "eighty" num_90 "ninety" \
    num_hundred "hundred" num_thousand "thousand" num_million "million" word_and "and" \
    currency_usd_one "dollar" currency_usd_many "dollars" currency_usd_cent_one "cent" currency_usd_cent_many "cents" \
    currency_eur_one "euro" currency_eur_many "euros" currency_eur_cent_one "cent" currency_eur_cent_many "cents" \
    currency_mxn_one "peso" currency_mxn_many "pesos" currency_mxn_cent_one "centavo" currency_mxn_cent_many "centavos" \
    unit_minute_one "minute" unit_minute_many "minutes" unit_second_one "second" unit_second_many "seconds"

# The warning tone (before the maximum call duration): three 425 Hz beeps, 200 ms on, 200 ms off.
sox -D -n -r 8000 -c 1 "$work/beep.wav" synth 0.2 sine 425 gain -10 pad 0 0.2
sox -D "$work/beep.wav" "$work/beep.wav" "$work/beep.wav" "$work/warning_tone.wav"

# Music on hold: a slow arpeggio of pure sines below 600 Hz (no DTMF frequencies, no harmonics
# that could be taken for a DTMF pair), 16 seconds, looped by the player.
notes="261.63 329.63 392.00 523.25 392.00 329.63 293.66 349.23 440.00 587.33 440.00 349.23 246.94 293.66 392.00 493.88"
i=0
for n in $notes $notes; do
    sox -D -n -r 8000 -c 1 "$work/note$(printf %02d $i).wav" synth 0.5 sine "$n" fade q 0.05 0.5 0.15 gain -12
    i=$((i + 1))
done
sox -D "$work"/note*.wav "$work/music_on_hold.wav"

for lang in es en; do
    to_prompt "$work/warning_tone.wav" "$lang/warning_tone.wav"
    to_prompt "$work/music_on_hold.wav" "$lang/music_on_hold.wav"
done
echo "generated: $(ls es/*.wav en/*.wav | wc -l) prompts"
