"""Deterministic red-flag detection: is this message a report of a warning symptom?

Plain regular expressions, no model: a red flag must never be missed because a
classifier was unsure. A message is split into clauses; a clause is a report
when it names a symptom and reads as the patient's (or a relative's) present
state, not as a general question ("is bleeding a risk?"), a hypothesis ("what
if I get a fever?"), a negation ("no fever") or the distant past.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Pattern, Tuple

EMERGENCY = "emergency"
URGENT = "urgent"
CRISIS = "crisis"  # thoughts of suicide or self-harm: escalated like an emergency
# Where the NLU pipeline puts the tier in a message's parse data (components/red_flag_classifier.py),
# and the intents that stand for the tiers.
RED_FLAG_KEY = "red_flag"
TIER_OF_INTENT = {"report_emergency": EMERGENCY, "report_urgent_symptom": URGENT}

MAX_CHARS = 2000  # longer messages are cut before matching (bounded work)

_W = r"(?:\w+\W+)"  # one word and what follows it
# "confused about which procedure", "confused by the page": a question, not a symptom
_NOT_ABOUT_SOMETHING = r"(?! (?:about|by|with|as to|over|which|whether|what|how|why|when)\b)"


def _rx(*parts: str) -> Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


_EMERGENCY_SYMPTOMS = _rx(
    # chest pain
    r"\bchest\W+" + _W + r"{0,2}(?:pains?|pian|hurts?|hurting|tight\w*|pressure|discomfort|heavy|crushing)",
    r"\b(?:pain|pressure|tightness|heaviness)\s+in\s+(?:my|his|her|the)\s+chest",
    # breathing
    r"\b(?:cant|cannot|can not|couldnt|unable to|struggling to|hard to|trouble|difficulty|difficult|problems?)\s+"
    + _W
    + r"{0,3}(?:breath\w*|breeth\w*|breath)",  # "hard to get a deep breath"
    r"\bshort(?:ness)? of breath",
    r"\bout of breath",
    r"\bbreathing (?:very |really |so |too )?(?:fast|quick\w*|rapid\w*|hard|heav\w*)\b",
    r"\b(?:fast|rapid|quick|heavy|laboured|labored) breathing\b",
    # sudden confusion in someone else ("she is confused and breathing fast"); not "I'm confused about…"
    r"\b(?:he|she|they|dad|mum|mom|father|mother|husband|wife|partner|son|daughter|grandma|grandpa|brother|sister)"
    r"(?:\s+\w+){0,2}?\s+(?:is|seems|seemed|was|became|got|gets|getting|looks|sounds|went)\s+(?:\w+\s+)?"
    r"(?:confused|disoriented|disorientated|delirious|incoherent)\b" + _NOT_ABOUT_SOMETHING,
    r"\b(?:hes|shes|theyre) (?:\w+ )?(?:confused|disoriented|disorientated|delirious|incoherent)\b"
    + _NOT_ABOUT_SOMETHING,
    r"\b(?:hes|shes|theyre|he|she|they|mum|mom|dad|nan|nana|gran|granny|grandma|grandpa|husband|wife|mother|father)"
    r"(?:\s+\w+){0,3}\s+(?:confused|disoriented|disorientated|delirious)\b" + _NOT_ABOUT_SOMETHING,
    r"\b(?:not making (?:any )?sense|talking nonsense|mixing up (?:his |her |their |my )?words|"
    r"(?:doesnt|does not|dont) know where (?:he|she|they|i) (?:is|are|am)|"
    r"(?:doesnt|does not) (?:know|recognise|recognize) (?:us|me|anyone|any of us))\b",
    # very drowsy, hard to wake
    r"\b(?:cant|cannot|can not|couldnt|hard to|struggling to|wont|unable to) (?:\w+ )?wake (?:him|her|them|my \w+)",
    r"\b(?:wont|will not|doesnt) wake up\b",
    r"\b(?:very|really|so|extremely) (?:drowsy|out of it)\b(?! (?:in the \w+|at night|sometimes|usually|often))",
    # a racing heart
    r"\bheart\W+" + _W + r"{0,2}(?:racing|pounding|going (?:really |very |so )?fast)",
    r"\bpalpitations?\b",
    r"\bbreathless",
    r"\bgasping",
    r"\b(?:cant|can barely|can hardly|barely|hardly|unable to) (?:catch (?:my|his|her|their|a) breath|breathe?)\b",
    r"\bcoughing (?:non ?stop|nonstop|constantly|all the time|and cant stop)",
    r"\bsuffocat\w*",
    r"\b(?:cant|cannot|not) get (?:enough )?air",
    # bladder or bowel control
    r"\b(?:lost|losing|lose|loss of|no|cant|cannot|unable to|not able to)\s+"
    + _W
    + r"{0,2}(?:control|hold)\W+"
    + _W
    + r"{0,2}(?:bladder|bowels?|bowls?|urine|pee|poo|stool)",
    r"\bincontinen\w*",
    r"\bwet (?:myself|himself|herself|themselves|the bed|my pants)",
    r"\b(?:peed|pooped|soiled|soiling|wetting) (?:myself|himself|herself)",
    # in everyday words: "keep weeing myself", "pooed myself twice", "my bowels just went without warning"
    r"\b(?:wee|pee|poo|poop|piss|soil|mess|crap)(?:d|ed|ing|s)? (?:myself|himself|herself|themselves)\b",
    r"\b(?:bowels?|bladder)\W+"
    + _W
    + r"{0,2}(?:just went|went on (?:me|him|her)|gave way|given way|gave out|let go)\b",
    r"\b(?:bowels?|bladder|wee|pee|poo)\W+" + _W + r"{0,3}without (?:any )?warning",
    r"\b(?:leak\w*|dribbl\w*) (?:urine|pee|stool)",
    r"\burine\W+" + _W + r"{0,3}(?:ran|running|leak\w*|came out)",
    r"\baccident\w* with (?:my|his|her) (?:bladder|bowels?)",
    r"\bcant hold it\b",
    # not passing urine at all: "i havent peed since the surgery yesterday"
    r"\b(?:havent|hasnt|have not|has not|not)\s+(?:peed|weed|urinated|passed (?:urine|water)|had a (?:pee|wee))\b",
    r"\b(?:cant|cannot|unable to|not able to|trouble|difficulty|hard to|havent been able to|hasnt been able to|"
    r"couldnt)\s+(?:\w+\s+)?(?:pee|peeing|wee|weeing|urinat\w*|pass (?:urine|water))\b",
    r"\bcant tell when (?:i|he|she|they) (?:need|have) to go",
    r"\bdidnt (?:even )?(?:realise|realize|notice|feel) (?:i|he|she) (?:had|needed) to (?:go|pee)",
    # numbness in the groin / saddle area
    r"\bnumb\w*\W+" + _W + r"{0,5}(?:groin|saddle|genital\w*|privates?|inner thighs?|bottom|buttocks|"
    r"between (?:my|his|her|the) legs|crotch|perineum)",
    r"\b(?:groin|saddle|inner thighs?|crotch|genitals?|privates|private parts)\W+" + _W + r"{0,3}numb",
    r"\bno feeling\W+" + _W + r"{0,4}(?:groin|saddle|between|inner thigh|bottom)",
    r"\bcant feel anything\W+" + _W + r"{0,2}between",
    r"\b(?:cant|cannot|unable to) feel\s+" + _W + r"{0,4}(?:groin|genital\w*|privates?|private parts|inner thighs?|"
    r"bottom|buttocks|crotch|saddle)",
    r"\bwip\w*\W+" + _W + r"{0,6}cant feel",
    # sudden weakness or numbness in the legs
    r"\b(?:cant|cannot|unable to|couldnt|not able to)\s+(?:feel|move|lift)\s+" + _W + r"{0,4}(?:legs?|feet|foot)",
    r"\blegs?\W+" + _W + r"{0,3}(?:gave out|giving out|give out|gave way|giving way|buckled|"
    r"collapsed|like jelly|paralys\w*)",
    r"\blegs? (?:wont|cant|wouldnt|couldnt) (?:hold|support|carry)",
    r"\b(?:foot|feet) (?:is|are|feels?) (?:floppy|dragging|limp)",
    r"\bfoot drop",
    r"\b(?:cant|cannot) (?:pull|lift|move) (?:up )?(?:my|his|her) toes",
    r"\bparalys\w*\s+in\s+(?:my|his|her|their|both|the)\s+(?:\w+\s+)?legs?",
    r"\bsudden\w*\W+" + _W + r"{0,4}(?:weak\w*|numb\w*)",
    # heavy bleeding
    r"\bbleed\w*\W+" + _W + r"{0,3}(?:heav\w*|a lot|lots|badly|wont stop|doesnt stop|not stopping|through|everywhere)",
    r"\bheav\w* bleed\w*",
    r"\b(?:soak\w*|pouring|spurting|gushing)\W+" + _W + r"{0,4}(?:blood|bleed\w*)",
    r"\bblood\W+" + _W + r"{0,3}(?:everywhere|soak\w*|pouring|gushing|spurting)",
    r"\bcant stop (?:the )?bleeding",
    r"\b(?:full of|covered in|pool of|puddle of) blood",
    r"\bsoaked (?:the |my |his |her |through )?(?:sheets|bed|dressing|bandages?|clothes|shirt|towel)",
    r"\b(?:is|are|keeps?|still|started) bleeding",
    # fainting
    r"\b(?:fainted|fainting|faint|passed out|pass out|passing out|blacked out|black out|blacking out|"
    r"collapsed|lost consciousness|unconscious|unresponsive)\b",
    # indirect descriptions
    r"\b(?:elephant|someone|something|a weight)\W+" + _W + r"{0,3}(?:on|sitting on|standing on) (?:my|his|her) chest",
    r"\b(?:squeez\w*|crushing|pressure|tight\w*|pain)\W+" + _W + r"{0,4}(?:chest|breastbone|sternum)",
    r"\bpanting\b",
    r"\bcough\w* up blood",
    r"\bcant catch a breath",
    r"\bbreath\w* (?:is|feels?|seems?) (?:really |so |very )?(?:hard|difficult|laboured|labored|an effort|a struggle)",
    r"\b(?:went|goes|going|turned) (?:dark|black)\b",
    r"\bwoke up on the floor",
    r"\bwas out (?:cold|for)\b",
    r"\blegs? (?:just )?(?:stopped working|wont work|dont work|wont move)",
    r"\b(?:leg|legs|foot)\b" + r"(?:\W+\w+){0,12}\W+cant (?:lift|move) it\b",
    r"\bleg\W+" + _W + r"{0,3}(?:went|gone|suddenly) heavy",
    r"\b(?:urine|pee)\W+" + _W + r"{0,3}(?:poured|pouring)",
    r"\bnothing (?:comes|came) out\b",
    r"\bcant (?:feel|tell) (?:whether|if|when) (?:my|his|her) bladder",
    # lost bladder sensation, in plain words
    r"\bcant (?:really )?(?:feel|tell) (?:whether|if|when) (?:i|he|she)(?:m| am| is|s)? (?:going|peeing|weeing|need to (?:go|pee|wee))",
    r"\b(?:peeing|weeing|urinating|my bladder|the bladder) (?:is|feels|has been) (?:weird|strange|odd|different|off)\b",
    r"\b(?:i|he|she|and|then|dad|mom|mum) (?:ended up|came to|found (?:myself|himself|herself)|was lying) "
    r"on the (?:floor|ground)",
    r"\bnumb where (?:i|he|she) sits?\b",
    r"\b(?:bum|butt|bottom|backside)\W+" + _W + r"{0,2}numb",
    r"\bnumb\W+" + _W + r"{0,3}down there",
    r"\bcant feel the (?:toilet )?paper",
    r"\bdripping (?:red|blood)",
    r"\bblood\W+" + _W + r"{0,3}dripping",
)

# Said as a question, still a statement of despair: "what's the point of living like this?"
_CRISIS_EVEN_ASKED = _rx(
    r"\b(?:whats|what is) the point (?:anymore|any more|of (?:living|life|going on|anything|it all|carrying on))\b",
    r"\bno point (?:in )?(?:living|life|going on|carrying on)\b",
    r"\bcant (?:go on|carry on)(?: like this| anymore| any more| living)?\s*$",
    r"\bcant (?:go on|carry on) (?:like this|anymore|any more|living)\b",
    r"\bwish (?:i|he|she) (?:was|were) (?:dead|gone|not here|not alive)\b|\bwish (?:i|he|she) had died\b",
    r"\bwish (?:i|he|she) (?:hadnt|had not|never|didnt|did not|wouldnt) (?:woken|woke|wake|survived|come round|make it)\b",
)
_CRISIS_SIGNS = _rx(
    r"\b(?:kill|killing|hurt|hurting|harm|harming) my ?self\b",
    # hopelessness: "I'm feeling really down and hopeless since the operation"
    r"\b(?:feel\w*|am|im|so|really|totally|completely) (?:\w+ ){0,3}(?:hopeless|worthless)\b",
    r"\bcant cope (?:anymore|any more|with (?:life|anything|it all))\b",
    r"\bgiv\w* up on (?:life|everything|living)\b",
    r"\bsuicid\w*",
    r"\b(?:dont|do not|no longer) want to (?:live|be alive|be here|wake up|go on (?:living|anymore|like this))",
    # not a fear of the operation: "am I going to die under anaesthesia?"
    r"\b(?:want|wanna|going) to die\b(?! (?:under|during|from|in|on|of) (?:the |my )?"
    r"(?:an(?:a)?esth\w*|surgery|operation|op|procedure|table|knife|complications))",
    r"\bend (?:it all|my life|things)\b",
    r"\bbetter off dead\b",
    r"\bno (?:reason|point) (?:to|in) (?:live|living|go on|going on)",
    r"\b(?:dont|do not|cant) see (?:the|any) point (?:in|to|of) (?:going on|living|life|anything)",
    r"\bbetter off without me\b",
    r"\bnever wake up\b",
    r"\b(?:not|never) to wake up\b",
    r"\bdone with (?:life|living)\b",
    r"\b(?:cut|cutting|cuts) my ?self\b",
    r"\bdisappear\w* (?:for good|forever)\b",
    r"\bsaving up (?:my |all my )?(?:pain )?(?:pills|meds|tablets)\b",
    r"\bhow many \w+ (?:it )?would (?:it )?take to\b",
    r"\bhad enough of (?:life|living|everything)\b",
)

# Numb or weak legs are an emergency when sudden or new, not when long-standing.
_LEGS_NUMB_OR_WEAK = _rx(
    r"\blegs?\W+" + _W + r"{0,6}(?:numb\w*|weak\w*)",  # "my leg on the op side has gone numb"
    # "I can barely lift my foot", "he can hardly move his left leg"
    r"\b(?:barely|hardly|struggl\w* to|can only just) (?:lift|move|feel|stand on|walk on)\s+" + _W + r"{0,4}"
    r"(?:legs?|feet|foot|toes)\b",
    r"\b(?:numb\w*|weak\w*)\s+(?:\w+ing\s+)?(?:in|down|along|through|into|of)\s+(?:my|his|her|their|both|the)\s+(?:\w+\s+)?"
    r"(?:legs?|foot|feet|thighs?|calf|calves)\b",
    r"\b(?:foot|feet|thighs?|calf|calves)\W+" + _W + r"{0,3}(?:numb\w*|weak\w*)",
)
_SUDDEN = re.compile(
    r"\b(?:sudden\w*|all of a sudden|now|today|tonight|this (?:morning|afternoon|evening)|since|"
    r"just|new|getting (?:worse|weaker)|by the hour|went|gone|cant|cannot|worse|worsening|spreading|"
    r"than yesterday|by the day|each day|every day|day by day)\b"
)
_LONG_STANDING = re.compile(r"\b(?:sometimes|often|for (?:years|months)|chronic|always|on and off|now and then)\b")

# "do they cut you open?" asks about the operation, not about a wound
_WOUND = (
    r"(?:incis\w*|wound|scar|cut(?!\W+(?:you|me|him|her|them|us|people|patients|my \w+|his \w+|her \w+)\W+open)|"
    r"stitches|staples|sutures?|dressing|bandages?|surgical site|steri ?strips)"
)
_WOUND_SIGN = (
    r"(?:red\w*|warm|hot|drain\w*|pus|ooz\w*|leak\w*|discharg\w*|weep\w*|"
    r"fluid|infect\w*|opened|open|opening|gap\w*|separat\w*|popped|apart|smell\w*|green|yellow\w*|cloudy|"
    r"lump|split|gunk|angry|spreading|shiny)"
)
# Swelling and pinkness of the incision: a warning sign, unless the patient calls it
# slight ("a bit pink", "some swelling"), which the SI joint fusion page lists as common.
_WOUND_MILD_SIGN = r"(?:swollen|swell\w*|puffy|pink\w*)"
_MILDLY = re.compile(
    r"\b(?:a (?:little )?bit|a little|little bit|bit of|slight\w*|some|somewhat|mild\w*|minor)\b"
    r"|^\W*bit\b|\b(?:just|only) bit\b"  # "bit sore and swollen round the incision"
)
_CALF_SIGN = r"(?:pain\w*|hurts?|hurting|sore|swollen|swelling|tender|red|ach\w*|puffy|cramp\w*|tight|warm|killing)"
_PAIN_NOT_HELPED = (
    r"(?:not (?:working|helping|controlled|touching|enough)|isnt (?:working|helping|touching|enough)|"
    r"arent (?:working|helping|touching|enough)|wears? off|(?:isnt|arent|not) doing (?:anything|much)|"
    r"dont do anything|no effect|barely (?:help\w*|work\w*)|"
    r"doesnt (?:work|help)|does nothing|do nothing|dont (?:work|help)|no help|not help\w*|wont help)"
)

# A thermometer reading that is a fever: 38 to 43 (degrees C) or 100.4 to 109.9 (F); 37.2 is not.
_FEVER_READING = (
    r"(?:3[89]|4[0-3])(?:[.,]\d+)?\b(?!\s*(?:hours|days|weeks|minutes))|10[1-9](?:[.,]\d+)?\b|100[.,][4-9]\d*"
)

_URGENT_SYMPTOMS = _rx(
    # dizziness: "i feel dizzy when i stand up", "lightheaded since the op"
    r"\b(?:dizzy|dizziness|light ?headed\w*|woozy|the room (?:is )?spinning)\b",
    # an implant felt through the skin: "the screw is poking out", "something metal coming through the wound"
    r"\b(?:screws?|implants?|rods?|metal|hardware|wires?|pins?|plates?)\W+" + _W + r"{0,4}"
    r"(?:poking|sticking|coming|pushing|working) (?:out|through)\b",
    # "I can feel the implant through my skin", "i can feel the screw under my skin"
    r"\b(?:feel|felt|see|seen|notice\w*)\s+(?:the |an? |my |his |her |one of the )?(?:screws?|implants?|rods?|metal|hardware|"
    r"wires?|pins?|plates?|something hard|a lump)\W+" + _W + r"{0,3}(?:through|under|beneath|poking)\b",
    r"\bsomething hard\W+" + _W + r"{0,3}(?:poking|under the skin|through the skin)",
    # vomiting that does not stop: "vomiting all night", "can't keep anything down"
    r"\b(?:vomit\w*|throwing up|threw up|being sick)\W+" + _W + r"{0,2}(?:all night|all day|non ?stop|for hours|"
    r"since (?:yesterday|last night|this morning)|again and again|over and over)",
    r"\b(?:keep|keeps|kept|cant stop|wont stop)\s+(?:vomiting|throwing up|being sick)\b",
    r"\bcant keep (?:anything|any food|food|water|fluids?|liquids?|drinks?) down\b",
    # fever or chills
    r"\bfe+v\w*r\w*",
    r"\bfevr\b",
    r"\bchill\w*",
    r"\bchils\b",
    r"\bhot and cold\b",
    r"\bsweats\b",
    r"\b(?:temp(?:erature)?|thermometer)\W+" + _W + r"{0,3}(?:up|rising|high|" + _FEVER_READING + ")",
    r"\b(?:running|have|has|got) a (?:high )?temp",
    r"\bshiver\w*",
    # the incision
    r"\b" + _WOUND + r"\W+" + _W + r"{0,6}" + _WOUND_SIGN + r"\b",
    r"\b" + _WOUND_SIGN + r"\W+" + _W + r"{0,6}" + _WOUND,
    r"\b(?:pus|oozing)\b",
    # calf pain or swelling
    r"\b(?:calf|calves)\W+" + _W + r"{0,6}" + _CALF_SIGN,
    r"\b" + _CALF_SIGN + r"\W+" + _W + r"{0,4}(?:calf|calves|lower legs?)",
    r"\blower leg\W+" + _W + r"{0,3}(?:swollen|puffy|pain\w*|sore|tender|red)",
    r"\b(?:leg|legs|ankles?)\W+" + _W + r"{0,2}(?:swollen|puffy)",
    # pain not controlled by medication
    r"\b(?:pain\w*|meds|medication|medicine|pills|tablets?|painkillers?|pain killers?|oxycodone|morphine|tylenol|ibuprofen|tramadol)\W+"
    + _W
    + r"{0,7}"
    + _PAIN_NOT_HELPED,
    r"\bpain\W+" + _W + r"{0,4}(?:unbearable|excruciating|out of control|getting worse|worse and worse|"
    r"\d+ ?(?:out of|/) ?10|worse than before)",
    r"\b(?:crying|screaming) in pain",
    r"\b(?:really|so|very) bad (?:right )?now\W+" + _W + r"{0,3}nothing (?:helps|is helping|works|is working)",
    r"\b(?:\w+\W+){0,3}(?:8|9|10) ?(?:out of|/) ?10\b",
    r"\b(?:unbearable|excruciating|uncontrolled|agonizing|agonising) pain",
    r"\b(?:burning up|hot to the touch|the shakes|shaking all over)\b",
    r"\bleg is (?:way |much )?(?:bigger|larger|fatter) than\b",
    r"\b(?:max|maximum|full) dose\b(?:\W+\w+){0,15}\W+pain",
    r"\bcant (?:sleep|sit|lie down)\W+" + _W + r"{0,6}(?:from|because of|with) (?:the )?pain",
    # a fall
    r"\b(?:i|he|she|they|we|mom|mum|dad|mother|father|husband|wife|son|daughter|partner|grandma|grandpa|"
    r"grandmother|grandfather|patient)\W+" + _W + r"{0,2}(?:fell|fallen)\b(?! asleep)",
    r"\b(?:had|took) a (?:bad |nasty |little )?fall\b",
    r"\b(?:and|then) (?:fell|fallen)\b(?! asleep)",
    r"\b(?:slipped|tripped)\W+" + _W + r"{0,3}fell\b",
    r"\bfell (?:down|over|off|out of|in|on|getting|while)\b",
    r"\b(?:slipped|tripped) (?:on|in|and|over|getting|while|down)\b",
    r"\blost (?:my|his|her|their) balance\b",
    r"\bwent down hard\b",
    r"\bhit the floor\b",
)

# New numbness, tingling or shooting pain in a leg or foot: a warning sign only after the
# operation (before it, it is often why the patient asks about it)
_NERVE_SIGNS = _rx(
    r"\b(?:legs?|foot|feet|toes?|thigh)\W+" + _W + r"{0,6}(?:numb\w*|tingl\w*|pins and needles|dead)\b",
    r"\b(?:numb\w*|tingl\w*|pins and needles|shooting pains?|electric\w* (?:shocks?|pains?)|burning pain)\W+"
    + _W
    + r"{0,6}(?:legs?|foot|feet|toes?|thigh)\b",
    r"\b(?:keep|keeps|kept) (?:tripping|stumbling)\b",
)

_WOUND_MILD_SYMPTOMS = _rx(
    r"\b" + _WOUND + r"\W+" + _W + r"{0,6}" + _WOUND_MILD_SIGN + r"\b",
    r"\b" + _WOUND_MILD_SIGN + r"\W+" + _W + r"{0,6}" + _WOUND,
)

# The patient (or a relative) stating a present or recent state.
_STRONG_REPORT = _rx(
    r"(?<!will )(?<!would )(?<!could )(?<!should )(?<!can )(?<!do )(?<!might )(?<!may )(?<!to )(?<!if )"
    r"\bi\s+(?:have|ve|am|m|feel|felt|cant|cannot|just|keep|kept|fell|fainted|passed|lost|think|woke|"
    r"slipped|tripped|took|had|got|started|noticed|realised|realized|suddenly|still|really|was|been)\b",
    r"\b(?:im|ive|iam)\b(?! (?:heard|read|been told|worried|nervous|scared|afraid|wondering|curious|concerned))",
    r"\b(?:my|his|her|their|our|the)\s+(?:\w+\s+){0,2}(?:is|are|has|have|was|were|feels?|looks?|keeps?|went|"
    r"wont|isnt|arent|doesnt|started|hurts?|got|getting|just|still|seems?|gave)\b",
    r"\b(?:he|she|they|hes|shes|theyre)\s+(?:is|are|has|have|cant|cannot|fell|fainted|passed|says|said|feels?|"
    r"keeps?|just|had|was|were|looks?|seems?|suddenly)\b",
    r"\b(?:mom|mum|mother|dad|father|husband|wife|son|daughter|partner|grandma|grandpa|grandmother|"
    r"grandfather|brother|sister)s?\s+(?:\w+\s+)?(?:is|are|has|have|cant|fell|fainted|passed|blacked|"
    r"says|feels|keeps|had|just|was|got|looks)\b",
)
# Words that make a clause a general question or a hypothesis.
_QUESTION_START = re.compile(
    r"^(?:what|whats|how|hows|is|are|can|could|will|would|does|do|did|should|when|who|why|which|"
    r"any|has anyone|have you|tell me)\b"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|risks?|chances?|common|normal|side effects?|complications?|causes?|known|signs? of|"
    r"symptoms|prevent\w*|possible|expect\w*|whether|people|patients|someone|anyone|heard|read about)\b"
)
_WEAK_REPORT = re.compile(
    r"\b(?:right now|now|since|this (?:morning|afternoon|evening)|tonight|today|yesterday|last night|"
    r"all night|all of a sudden|suddenly|just now|minutes? ago|an hour ago|hours? ago|anymore)\b"
)
_PAST = re.compile(
    r"\b(?:years? ago|used to|in the past|as a (?:child|kid|teen\w*)|when i was|last year|decades? ago|"
    r"went away|gone away|cleared up|resolved|hasnt come back|got better|is gone|"
    r"in the (?:\d0s|nineties|eighties|seventies)|in (?:19|20)\d\d)\b"
)
# Past that is over unless the clause also says it is happening now.
_RECENT_PAST = re.compile(
    r"\b(?:last (?:month|week|year)|(?:a|one|two|few|several) (?:weeks|months) ago|months ago|before (?:my|the|his|her) (?:surgery|operation))\b"
)
_NOW = re.compile(
    r"\b(?:now|today|tonight|since|still|currently|this (?:morning|afternoon|evening)|again|keeps?|started)\b"
    # "I just slipped" (but not "just wondering")
    r"|\b(?:i|he|she|they|we)(?: have| ve| has)? just (?!wonder|want|curious|ask|check|read|heard)"
)
# When the operation was ("I had SI joint fusion two weeks ago and I have chest pain"): that
# dates the operation, not the symptom, so it does not make the symptom one of the past.
_SURGERY_DATE = re.compile(
    r"\b(?:surgery|surgeries|operation|op|fusion|fixation|procedure)\s+(?:was\s+|is\s+)?(?:\w+\s+)?"
    r"(?:last (?:week|month)|(?:a|one|two|three|four|five|six|few|several|couple of|couple|\d+) (?:days?|weeks?|months?) ago)\b"
)
# Before the operation: the urgent (post-operative) tier does not apply.
_PRE_OP = re.compile(
    r"\b(?:prep|(?<!than )before (?:my|the|his|her) (?:surgery|operation|procedure)|upcoming|scheduled|next (?:week|month)|"
    r"(?:havent|not) had (?:the |my )?(?:surgery|operation) yet|can i still have|going to have|"
    r"talking about|considering|recommended|suggested|want to do|fractur\w*|broke|cracked)\b"
)
# A fall told in the same clause as the injury it caused, or as the reason for the operation.
_FALL = re.compile(r"\b(?:fell|fallen|fall|slipped|tripped)\b")
_CAUSE_OF_SURGERY = re.compile(
    r"\b(?:fractur\w*|broke|broken|cracked|which is (?:why|how)|thats why|that is why|"
    r"why (?:i|he|she|they|we) needed|then had|and needed|so (?:i|he|she|they) needed)\b"
)
_AFTER_SURGERY = re.compile(
    r"\b(?:after|since) (?:my|the|his|her|their) (?:\w+ ){0,2}(?:surgery|operation|op|procedure|fusion|fixation)\b"
)
_OPERATION = re.compile(r"\b(?:surgery|operation|op|procedure|fusion|fixation)\b")
_JUST_NOW = re.compile(
    r"\b(?:just|today|tonight|yesterday|this (?:morning|afternoon|evening)|last night|an? hours? ago)\b"
)
# "what happens after the surgery?", "will she be in pain after the operation?": a question
# about after the operation, not a report from after it.
_ASKS_ABOUT_AFTER = re.compile(
    r"\b(?:will|what|how|can|could|should|would|does)\b[^.?!,;]*?\bafter (?:my|the|his|her) "
    r"(?:surgery|operation|procedure|fusion|fixation)\b"
)
_POST_OP = re.compile(
    r"\b(?:after (?:my|the|his|her) (?:\w+ ){0,2}(?:surgery|operation|procedure|fusion|fixation)|post ?op\w*|"
    r"since (?:my|the) (?:surgery|operation)|days? ago|weeks? ago|incision|wound|stitches|"
    r"had (?:my |the |an? |his |her )?(?:\w+ ){0,3}(?:surgery|operation|fusion|fixation))\b"
)
# A message asking how common something is, about someone else's past experience.
_GENERAL = re.compile(
    r"\b(?:how common|is (?:that|it|this) common|how often|how likely|how rare|(?:what are )?the chances? of|"
    r"(?:what is|whats) the risk of|risk of (?:getting|having)|likely to (?:get|have)|"
    r"(?:does|did) (?:that|this|it) happen (?:a lot|often|much))\b"
)
_NEGATION = re.compile(r"\b(?:no|not|without|never|dont|didnt|doesnt|havent|hasnt|isnt|arent|nor)\b")


@dataclass(frozen=True)
class Detection:
    """The outcome for one message."""

    tier: Optional[str]  # EMERGENCY, URGENT, or None
    symptom_mentioned: bool  # a symptom word occurs, even in a question
    evidence: str = ""  # the clause that triggered the tier


def _normalise(text: str) -> str:
    text = text[:MAX_CHARS].lower().replace("\u2019", "'")
    text = re.sub(r"'", "", text)  # can't -> cant, mom's -> moms
    return re.sub(r"[ \t]+", " ", text)


# A comma inside a list ("can't sleep, sit or lie down", "weak, numb and tingling") joins, not splits.
_LIST_COMMA = re.compile(r"(?<=\w),\s*(?=\w+(?: \w+)? (?:or|and) )")


def _clauses(text: str) -> List[str]:
    text = _LIST_COMMA.sub(" or ", text)
    # a decimal point or comma between digits ("100.9", "37,5") does not end a clause
    return [c.strip() for c in re.split(r"(?:(?<!\d)[.,]|[.,](?!\d)|[?!;\n])+|\bbut\b", text) if c.strip()]


def _negated(clause: str, start: int) -> bool:
    """Whether one of the three words before `start` negates what follows ("no fever"); not when
    what follows is itself negative ("if it doesn't work I don't see the point": the first
    "doesn't" belongs to the condition)."""
    if _NEGATION.match(clause[start:]):
        return False
    return any(_NEGATION.fullmatch(word) for word in clause[:start].split()[-3:])


def _is_report(clause: str, start: int, general: bool) -> bool:
    """Whether a symptom found at `start` in `clause` is being reported.

    `general`: the message asks how common something is.
    """
    if _negated(clause, start):
        return False
    dated = _SURGERY_DATE.sub(" ", clause)  # the operation's date says nothing of the symptom's
    if _PAST.search(dated) or re.search(r"\bif\b", clause[:start]):
        return False
    if _RECENT_PAST.search(dated) and not _NOW.search(clause):
        return False
    if general and _GENERAL.search(clause[:start]):
        return False  # "what are the chances of getting a fever?": the sign is what the question is about
    if _STRONG_REPORT.search(clause):
        return True
    if general or _QUESTION_START.search(clause) or _HYPOTHETICAL.search(clause):
        return False
    return True  # a statement or a fragment such as "chest pain and sweating"


def _is_crisis(clause: str, start: int) -> bool:
    """Thoughts of self-harm count even as a hypothesis ("if I disappeared for good");
    not when negated or asked about in general ("is suicide a risk?")."""
    if _negated(clause, start):
        return False
    return bool(_STRONG_REPORT.search(clause)) or not _QUESTION_START.search(clause)


# "I don't have any chest pain or trouble breathing": the second sign of a denied list
_DENIED_LIST = re.compile(
    r"\b(?:dont|doesnt|didnt|do not|does not|did not|havent|hasnt|have not|has not|no)\s+"
    r"(?:(?:have|had|got|get|feel|felt|notice|noticed|see|seen)\s+)?(?:any\s+)?(?:[\w']+\s+){1,4}(?:or|nor|and)\s+(?:any\s+)?$"
)
# "the wound isn't red or swollen": the sign the match ends on is denied
_DENIED_SIGN = re.compile(
    r"\b(?:isnt|is not|arent|are not|wasnt|werent|not)\s+(?:(?:very|too)\s+)?(?:\w+\s+(?:or|nor)\s+)?"
    r"(?:red\w*|swollen|hot|warm|leak\w*|ooz\w*|bleed\w*|numb|weak|tingl\w*|infected|open|weep\w*|smell\w*|"
    r"puffy|pink\w*|discharg\w*|drain\w*)$"
)


def _find(pattern: Pattern[str], clauses: List[str], is_report: Callable[[str, int], bool]) -> Tuple[bool, str]:
    """(whether `pattern` occurs at all, the first clause where it is reported; a sign the
    patient denies, "isn't red", "don't have any chest pain or trouble breathing", is not)."""
    mentioned = False
    for clause in clauses:
        for match in pattern.finditer(clause):
            mentioned = True
            if _DENIED_SIGN.search(match.group(0)) or _DENIED_LIST.search(clause[: match.start()]):
                continue
            if is_report(clause, match.start()):
                return True, clause
    return mentioned, ""


def about_the_past(text: str) -> bool:
    """Whether a message places what it says in the past ("had a baby 4 years ago and since
    then…", "since my fall last year"): a classifier's alarm alone is not trusted then."""
    text = _normalise(text or "")
    return bool(_PAST.search(text) or _RECENT_PAST.search(text))


def detect(text: str) -> Detection:
    """Classify a message as a crisis, an emergency report, an urgent report, or neither."""
    text = _normalise(text or "")
    clauses, general = _clauses(text), bool(_GENERAL.search(text))
    reports = _ASKS_ABOUT_AFTER.sub(" ", text)  # "what happens after the surgery?" tells nothing of after it
    pre_op = bool(_PRE_OP.search(text)) and not _POST_OP.search(reports)
    after_surgery = bool(_AFTER_SURGERY.search(reports))

    def reported(clause: str, start: int) -> bool:
        return _is_report(clause, start, general)

    def sudden_and_reported(clause: str, start: int) -> bool:
        sudden = _SUDDEN.search(clause) and not _LONG_STANDING.search(clause)
        return bool(sudden) and reported(clause, start)

    def reported_not_as_cause(clause: str, start: int) -> bool:
        # "my wife had a fall and fractured her pelvis. she had the fixation yesterday": the fall
        # is why she had the operation (a fall after it stays an alarm)
        fall_as_cause = (
            _FALL.search(clause[start : start + 80])
            and _CAUSE_OF_SURGERY.search(clause)
            and not _JUST_NOW.search(clause)
            and not _OPERATION.search(clause[:start])  # "had the fixation 5 days ago and fell"
            and not after_surgery
        )
        return not fall_as_cause and reported(clause, start)

    def not_slight_and_reported(clause: str, start: int) -> bool:
        return not _MILDLY.search(clause) and reported(clause, start)

    def post_op_and_reported(clause: str, start: int) -> bool:
        post_op = _POST_OP.search(reports) or _AFTER_SURGERY.search(reports)
        return bool(post_op) and not _PRE_OP.search(text) and reported(clause, start)

    checks = [
        (CRISIS, _CRISIS_SIGNS, _is_crisis),
        (CRISIS, _CRISIS_EVEN_ASKED, lambda clause, start: not _negated(clause, start)),
        (EMERGENCY, _LEGS_NUMB_OR_WEAK, sudden_and_reported),
        (EMERGENCY, _EMERGENCY_SYMPTOMS, reported),
        (URGENT, _URGENT_SYMPTOMS, reported_not_as_cause),
        (URGENT, _WOUND_MILD_SYMPTOMS, not_slight_and_reported),
        (URGENT, _NERVE_SIGNS, post_op_and_reported),
    ]
    mentioned = False
    for tier, pattern, is_report in checks:
        if tier == URGENT and pre_op:
            continue  # post-operative warning signs: not before surgery
        seen, evidence = _find(pattern, clauses, is_report)
        if evidence:
            return Detection(tier, True, evidence)
        mentioned = mentioned or seen
    return Detection(None, mentioned)


def tier_of(parse_data: Dict[str, Any]) -> Optional[str]:
    """The red-flag tier of a parsed message (emergency, urgent, crisis), or None.

    `parse_data`: Rasa's parse result (a tracker's latest message or a user event's
    parse_data): the tier the red-flag component set, else the one its intent stands for.
    """
    tier = parse_data.get(RED_FLAG_KEY)
    if tier in (CRISIS, EMERGENCY, URGENT):
        return str(tier)
    return TIER_OF_INTENT.get(str((parse_data.get("intent") or {}).get("name")))
