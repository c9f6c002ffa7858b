"""The demo store's catalogue: product families of a music store with their variants.

Pure data; ``demo.py`` turns it into items, SKUs and eBay records. The SKUs that appear in the
sample eBay downloads (``GTR-STRAT-SB``, ``STR-EB2221``, ``TSH-LOGO-M`` …) are among them, so the
samples import against the demo store with their lines matched.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """Items that share a department, an eBay category and a variant axis."""

    prefix: str
    department: str
    category: str
    ebay_category: str
    axis: str  # "colour", "size" or "" (single SKU)
    variants: tuple[tuple[str, str], ...]  # (code, label)
    models: tuple[tuple[str, str, str, int], ...]  # (code, brand, model, price in dollars)


GUITAR_COLOURS = (
    ("SB", "3-Color Sunburst"), ("BK", "Black"), ("OW", "Olympic White"),
    ("CAR", "Candy Apple Red"), ("SBL", "Sonic Blue"), ("SFG", "Sea Foam Green"),
    ("BTB", "Butterscotch Blonde"), ("TPL", "Tidepool"), ("SLV", "Silverburst"),
    ("CHY", "Cherry"), ("SB-LH", "3-Color Sunburst, Left-Handed"), ("BK-LH", "Black, Left-Handed"),
    ("OW-LH", "Olympic White, Left-Handed"),
)
ACOUSTIC_FINISHES = (
    ("NT", "Natural"), ("SB", "Sunburst"), ("BK", "Black"), ("VS", "Vintage Sunburst"),
    ("NT-LH", "Natural, Left-Handed"),
)
BASS_COLOURS = (
    ("SB", "3-Color Sunburst"), ("BK", "Black"), ("OW", "Olympic White"),
    ("CAR", "Candy Apple Red"), ("SFG", "Sea Foam Green"), ("SB-LH", "3-Color Sunburst, Left-Handed"),
)
SHIRT_SIZES = (
    ("XS", "X-Small"), ("S", "Small"), ("M", "Medium"), ("L", "Large"), ("XL", "X-Large"),
    ("XXL", "XX-Large"), ("3XL", "3X-Large"),
)
STICK_TIPS = (
    ("5A", "5A Wood Tip"), ("7A", "7A Wood Tip"), ("5B", "5B Wood Tip"), ("2B", "2B Wood Tip"),
    ("5AN", "5A Nylon Tip"), ("7AN", "7A Nylon Tip"), ("5BN", "5B Nylon Tip"), ("2BN", "2B Nylon Tip"),
)
PICK_GAUGES = (
    ("TH", "Thin .46mm"), ("MD", "Medium .73mm"), ("HV", "Heavy .96mm"), ("XH", "Extra Heavy 1.14mm"),
    ("15", "1.5mm"), ("20", "2.0mm"),
)
CABLE_LENGTHS = (("10", "10 ft"), ("15", "15 ft"), ("20", "20 ft"), ("25", "25 ft"))
CYMBAL_SIZES = (("14", '14"'), ("16", '16"'), ("17", '17"'), ("18", '18"'), ("20", '20"'))
STRAP_COLOURS = (
    ("BK", "Black"), ("BR", "Brown"), ("TN", "Tan"), ("RD", "Red"), ("BL", "Blue"), ("WD", "Walnut"),
)
SINGLE = (("", ""),)

FAMILIES: tuple[Family, ...] = (
    Family("GTR", "Guitars", "Electric Guitars", "33034", "colour", GUITAR_COLOURS, (
        ("STRAT", "Fender", "Player Stratocaster", 749), ("TELE", "Fender", "Player Telecaster", 729),
        ("JAZZM", "Fender", "Player Jazzmaster", 899), ("SQCV", "Squier", "Classic Vibe '50s Stratocaster", 449),
        ("SQAF", "Squier", "Affinity Telecaster", 249), ("LPST", "Gibson", "Les Paul Standard '60s", 2799),
        ("SGST", "Gibson", "SG Standard", 1799), ("EPLP", "Epiphone", "Les Paul Standard", 599),
        ("EPSG", "Epiphone", "SG Standard", 479), ("IBRG", "Ibanez", "RG550 Genesis", 999),
        ("IBAZ", "Ibanez", "AZ2204 Prestige", 1999), ("PRSSE", "PRS", "SE Custom 24", 849),
        ("PRSS2", "PRS", "S2 McCarty 594", 1899), ("YPAC", "Yamaha", "Pacifica 612VIIX", 729),
        ("GRTL", "Gretsch", "G5420T Electromatic", 899), ("JCKS", "Jackson", "JS22 Dinky", 229),
        ("SCHH", "Schecter", "Hellraiser C-1", 1099), ("ESPE", "ESP LTD", "EC-256", 499),
        ("CHRB", "Charvel", "Pro-Mod San Dimas", 1099), ("EPCS", "Epiphone", "Casino", 699),
        ("AMST", "Fender", "American Professional II Stratocaster", 1699),
        ("AMTL", "Fender", "American Professional II Telecaster", 1699),
        ("ULST", "Fender", "American Ultra Stratocaster", 2149), ("VMJG", "Fender", "Vintera '60s Jaguar", 1149),
        ("MUST", "Fender", "Player Mustang", 649), ("SQCT", "Squier", "Classic Vibe '60s Telecaster", 449),
        ("SQSN", "Squier", "Sonic Stratocaster", 199), ("LPSD", "Gibson", "Les Paul Studio", 1799),
        ("EXPL", "Gibson", "Explorer", 1999), ("ES335", "Gibson", "ES-335", 3299),
        ("EPES", "Epiphone", "ES-335", 599), ("EPLC", "Epiphone", "Les Paul Custom", 749),
        ("IBGR", "Ibanez", "GRX70QA", 229), ("IBAR", "Ibanez", "Artcore AS73", 399),
        ("PRSCE", "PRS", "CE 24", 2499), ("YREV", "Yamaha", "Revstar RSE20", 549),
        ("GRTS", "Gretsch", "G2622 Streamliner", 499), ("RKNC", "Rickenbacker", "330", 2599),
        ("SCHO", "Schecter", "Omen-6", 399), ("STRG", "Sterling", "Cutlass CT50", 449),
    )),
    Family("AGT", "Guitars", "Acoustic Guitars", "33021", "colour", ACOUSTIC_FINISHES, (
        ("D28", "Martin", "D-28 Standard", 3199), ("DX1", "Martin", "D-X1E", 649),
        ("T814", "Taylor", "814ce", 4299), ("T214", "Taylor", "214ce Plus", 1499),
        ("GS", "Taylor", "GS Mini-e Koa", 799), ("YFG", "Yamaha", "FG800", 219),
        ("YLL", "Yamaha", "LL16 ARE", 1199), ("GJ45", "Gibson", "J-45 Standard", 2999),
        ("EPDR", "Epiphone", "DR-100", 149), ("SEAG", "Seagull", "S6 Original", 499),
        ("GUIL", "Guild", "D-40 Traditional", 1599), ("FCD60", "Fender", "CD-60S", 219),
        ("TAK", "Takamine", "GD30CE", 399), ("COLE", "Cole Clark", "FL2AC", 1499),
        ("BRDG", "Breedlove", "Discovery S Concert", 469),
        ("D18", "Martin", "D-18", 2799), ("000", "Martin", "000-15M", 1599),
        ("T114", "Taylor", "114ce", 999), ("T314", "Taylor", "314ce", 2499),
        ("YA3R", "Yamaha", "A3R ARE", 999), ("HB", "Gibson", "Hummingbird Standard", 3999),
        ("EPHB", "Epiphone", "Hummingbird Studio", 399), ("FNEW", "Fender", "Newporter Player", 399),
        ("GUIL16", "Guild", "OM-120", 699), ("EASTM", "Eastman", "E10D", 1799),
    )),
    Family("BAS", "Guitars", "Bass Guitars", "4713", "colour", BASS_COLOURS, (
        ("PJ", "Fender", "Player Precision Bass", 799), ("JB", "Fender", "Player Jazz Bass", 829),
        ("SQPJ", "Squier", "Affinity PJ Bass", 279), ("IBSR", "Ibanez", "SR300E", 349),
        ("MMST", "Ernie Ball Music Man", "StingRay Special", 2599), ("YTRB", "Yamaha", "TRBX304", 399),
        ("SCST", "Schecter", "Stiletto Studio-4", 999), ("HFVB", "Hofner", "Ignition Violin Bass", 449),
        ("GRTB", "Gretsch", "G2220 Junior Jet Bass II", 249), ("EPTB", "Epiphone", "Thunderbird '64", 999),
    )),
    Family("STR", "Strings", "Guitar Strings", "41431", "size", (
        ("09", "9-42 Super"), ("10", "10-46 Regular"), ("11", "11-48 Power"), ("12", "12-54 Not Even"),
    ), (
        ("EBS", "Ernie Ball", "Slinky Nickel Wound", 7), ("EBC", "Ernie Ball", "Cobalt Slinky", 10),
        ("EBP", "Ernie Ball", "Paradigm Slinky", 13), ("EXL", "D'Addario", "EXL Nickel Wound", 7),
        ("NYXL", "D'Addario", "NYXL Nickel Wound", 13), ("ELIX", "Elixir", "Nanoweb Electric", 15),
        ("DRPS", "DR Strings", "Pure Blues", 9), ("GHSB", "GHS", "Boomers", 7),
        ("RTPH", "Rotosound", "Roto Reds", 8), ("DNWE", "Dunlop", "Heavy Core", 8),
        ("EBA", "Ernie Ball", "Earthwood 80/20 Bronze", 8), ("EXPA", "D'Addario", "EXP Coated Phosphor Bronze", 12),
        ("ELNA", "Elixir", "Nanoweb Phosphor Bronze Acoustic", 16), ("MART", "Martin", "Authentic Acoustic SP", 8),
        ("EBBS", "Ernie Ball", "Slinky Bass", 29), ("EXLB", "D'Addario", "EXL170 Bass", 26),
        ("ELBS", "Elixir", "Nanoweb Bass", 49), ("RTSB", "Rotosound", "Swing Bass 66", 34),
        ("EBM", "Ernie Ball", "M-Steel Slinky", 12), ("EBR", "Ernie Ball", "Rolling Stones Slinky", 10),
        ("DXT", "D'Addario", "XT Nickel", 12), ("DPR", "D'Addario", "Pro Steels", 10),
        ("GHSG", "GHS", "Nickel Rockers", 8), ("DRTK", "DR Strings", "Tite-Fit", 8),
        ("FPUR", "Fender", "Pure Nickel 150", 8), ("GSPL", "Gibson", "Vintage Reissue", 9),
    )),
    Family("TSH", "Apparel", "T-Shirts", "1288", "size", SHIRT_SIZES, (
        ("LOGO", "Store", "Logo T-Shirt", 20), ("FEND", "Fender", "Spaghetti Logo T-Shirt", 25),
        ("GIBS", "Gibson", "Logo T-Shirt", 25), ("MARS", "Marshall", "Amp Logo T-Shirt", 25),
        ("VINT", "Store", "Vintage Vinyl T-Shirt", 22), ("ZILJ", "Zildjian", "Classic T-Shirt", 22),
        ("HOOD", "Store", "Logo Hoodie", 45), ("TAYL", "Taylor", "Logo T-Shirt", 25),
        ("ERNB", "Ernie Ball", "Logo T-Shirt", 20), ("DADD", "D'Addario", "Logo T-Shirt", 20),
        ("PRST", "PRS", "Bird Logo T-Shirt", 25), ("ORNG", "Orange", "Amps Logo T-Shirt", 25),
        ("VOXT", "Vox", "Logo T-Shirt", 25), ("MRTN", "Martin", "Logo T-Shirt", 25),
        ("STAF", "Store", "Staff Pick Long Sleeve", 30), ("BEAN", "Store", "Logo Beanie Tee", 22),
    )),
    Family("STK", "Drums", "Drumsticks", "41456", "size", STICK_TIPS, (
        ("VFAM", "Vic Firth", "American Classic Hickory", 12), ("VFXT", "Vic Firth", "Extreme", 13),
        ("PROM", "Promark", "Classic Forward Hickory", 11), ("ZILS", "Zildjian", "Anti-Vibe", 16),
        ("RGTP", "Regal Tip", "Classic Hickory", 11), ("VATR", "Vater", "Los Angeles", 12),
        ("INNV", "Innovative", "Legacy Series", 13), ("WNCK", "Wincent", "Hickory", 14),
        ("VFSD", "Vic Firth", "Signature Danny Carey", 14), ("PROR", "Promark", "Rebound Hickory", 12),
        ("ZILD", "Zildjian", "Dip Series", 14), ("LAMS", "Los Cabos", "Red Hickory", 13),
    )),
    Family("PCK", "Accessories", "Picks", "46682", "size", PICK_GAUGES, (
        ("DTOR", "Dunlop", "Tortex Standard 12-Pack", 6), ("DNYL", "Dunlop", "Nylon Standard 12-Pack", 6),
        ("FMED", "Fender", "351 Shape Celluloid 12-Pack", 5), ("EBPK", "Ernie Ball", "Everlast 12-Pack", 5),
        ("DADP", "D'Addario", "Duralin 10-Pack", 5), ("CLYT", "Clayton", "Ultem Gold 12-Pack", 7),
    )),
    Family("CBL", "Accessories", "Instrument Cables", "47075", "size", CABLE_LENGTHS, (
        ("MOGC", "Monster", "Prolink Classic", 30), ("FPRO", "Fender", "Professional Series", 23),
        ("EBBR", "Ernie Ball", "Braided", 25), ("DADC", "D'Addario", "American Stage", 45),
        ("EVID", "Evidence Audio", "Lyric HG", 120), ("MOGR", "Mogami", "Gold Instrument", 60),
    )),
    Family("DRM", "Drums", "Cymbals", "41441", "size", CYMBAL_SIZES, (
        ("ZILA", "Zildjian", "A Custom Crash", 329), ("ZILK", "Zildjian", "K Dark Crash", 379),
        ("SABX", "Sabian", "HHX Evolution Crash", 359), ("SABA", "Sabian", "AAX X-Plosion Crash", 319),
        ("MEIB", "Meinl", "Byzance Traditional Crash", 339), ("PAIS", "Paiste", "2002 Crash", 349),
        ("MEIC", "Meinl", "Classics Custom Dark Crash", 169), ("ZILS", "Zildjian", "S Family Thin Crash", 159),
    )),
    Family("STP", "Accessories", "Straps", "46677", "colour", STRAP_COLOURS, (
        ("LVKS", "Levy's", "Classic Leather 2.5\"", 39), ("EBPL", "Ernie Ball", "Polypro", 12),
        ("FMON", "Fender", "Monogrammed Strap", 29), ("DSLK", "Dunlop", "Flambe Straplok", 32),
        ("RDLK", "Richter", "Raging Bull", 49), ("PLYM", "Planet Waves", "Auto Lock", 25),
    )),
    Family("AMP", "Amplifiers", "Guitar Amplifiers", "38072", "", SINGLE, (
        ("BOSS-K50", "Boss", "Katana-50 MkII 1x12\" Combo", 269), ("BOSS-K100", "Boss", "Katana-100 MkII 1x12\" Combo", 399),
        ("FEN-BDR", "Fender", "Blues Deluxe Reissue 40W", 999), ("FEN-DRR", "Fender", "'65 Deluxe Reverb", 1499),
        ("FEN-CHMP", "Fender", "Champion II 50", 269), ("MAR-DSL", "Marshall", "DSL40CR", 899),
        ("MAR-JVM", "Marshall", "JVM410H Head", 2599), ("VOX-AC15", "Vox", "AC15C1", 799),
        ("VOX-AC30", "Vox", "AC30S1", 849), ("ORN-RK", "Orange", "Rocker 15", 899),
        ("ORN-CR", "Orange", "Crush 20RT", 169), ("PEV-6505", "Peavey", "6505 Piranha", 299),
        ("LIN-SP", "Line 6", "Spider V 60 MkII", 349), ("YAM-THR", "Yamaha", "THR10II Wireless", 449),
        ("POS-SPK", "Positive Grid", "Spark 40", 299), ("AMP-BAS", "Ampeg", "Rocket Bass RB-110", 329),
        ("FEN-RUM", "Fender", "Rumble 40 Bass Combo", 299), ("MES-MK", "Mesa/Boogie", "Mark VII Head", 3299),
        ("EVH-5150", "EVH", "5150III 50W 6L6 Head", 1599), ("BOG-LEH", "Bogner", "Ecstasy 101B Head", 3999),
    )),
    Family("PED", "Effects", "Effects Pedals", "22669", "", SINGLE, (
        ("BOSS-DS1", "Boss", "DS-1 Distortion", 69), ("BOSS-SD1", "Boss", "SD-1 Super OverDrive", 69),
        ("BOSS-DD8", "Boss", "DD-8 Digital Delay", 179), ("BOSS-TU3", "Boss", "TU-3 Chromatic Tuner", 109),
        ("BOSS-CH1", "Boss", "CH-1 Super Chorus", 129), ("BOSS-RC1", "Boss", "RC-1 Loop Station", 119),
        ("IBZ-TS9", "Ibanez", "TS9 Tube Screamer", 109), ("IBZ-TS808", "Ibanez", "TS808 Tube Screamer", 179),
        ("EHX-BMP", "Electro-Harmonix", "Big Muff Pi", 99), ("EHX-SMM", "Electro-Harmonix", "Small Clone", 89),
        ("MXR-PH90", "MXR", "M101 Phase 90", 99), ("MXR-CC", "MXR", "M169 Carbon Copy", 169),
        ("MXR-DYN", "MXR", "M102 Dyna Comp", 89), ("DUN-CRY", "Dunlop", "Cry Baby GCB95", 99),
        ("STR-TIME", "Strymon", "Timeline", 499), ("STR-BIG", "Strymon", "BigSky", 479),
        ("TCE-HOF", "TC Electronic", "Hall of Fame 2", 149), ("JHS-MOR", "JHS", "Morning Glory V4", 199),
        ("WMP-DLM", "Walrus Audio", "Slö Multi Texture Reverb", 199), ("KLN-KTR", "Klon", "KTR", 299),
        ("LIN-HX", "Line 6", "HX Stomp", 699), ("BOSS-GT1", "Boss", "GT-1 Multi-Effects", 219),
        ("ZOOM-G1", "Zoom", "G1X Four", 99), ("DIG-WHM", "DigiTech", "Whammy 5", 249),
        ("UNI-UV1", "Universal Audio", "UAFX Dream '65", 399), ("FUL-OCD", "Fulltone", "OCD V2", 179),
        ("ELX-POG", "Electro-Harmonix", "POG2", 299), ("BOSS-BD2", "Boss", "BD-2 Blues Driver", 109),
        ("PRO-RAT", "ProCo", "RAT2", 89), ("WAM-VX", "Wampler", "Tumnus Deluxe", 199),
    )),
    Family("KEY", "Keyboards", "Keyboards", "38088", "", SINGLE, (
        ("CTS300", "Casio", "CT-S300 61-Key Keyboard", 159), ("CTS1", "Casio", "CT-S1 Casiotone", 219),
        ("PX-S1100", "Casio", "Privia PX-S1100", 599), ("YPSRE", "Yamaha", "PSR-E373", 199),
        ("YP45", "Yamaha", "P-45 Digital Piano", 499), ("YP125", "Yamaha", "P-125a", 699),
        ("RFP30X", "Roland", "FP-30X", 749), ("RGO61", "Roland", "GO:KEYS", 299),
        ("KORGB2", "Korg", "B2 Digital Piano", 499), ("KORGMD", "Korg", "minilogue xd", 649),
        ("NORD-E6", "Nord", "Electro 6D 61", 2599), ("ARTMK", "Arturia", "MiniLab 3", 109),
        ("NIK-S49", "Native Instruments", "Komplete Kontrol S49", 599), ("AKAI-MPK", "Akai", "MPK Mini MK3", 119),
        ("NOV-LK", "Novation", "Launchkey 49 MK3", 219),
    )),
    Family("SAX", "Band & Orchestra", "Saxophones", "16231", "", SINGLE, (
        ("YAS280", "Yamaha", "YAS-280 Alto Saxophone", 1099), ("YTS280", "Yamaha", "YTS-280 Tenor Saxophone", 1899),
        ("YAS62", "Yamaha", "YAS-62III Professional Alto", 3699), ("SEL-AXOS", "Selmer", "Axos Alto Saxophone", 3199),
        ("JUP-JAS", "Jupiter", "JAS700 Alto Saxophone", 1299),
    )),
    Family("TRP", "Band & Orchestra", "Trumpets", "16214", "", SINGLE, (
        ("YTR2330", "Yamaha", "YTR-2330 Trumpet", 849), ("BACH-TR", "Bach", "TR300H2 Trumpet", 999),
        ("BACH-180", "Bach", "Stradivarius 180S37", 3699), ("JUP-JTR", "Jupiter", "JTR700 Trumpet", 899),
    )),
    Family("MIC", "Pro Audio", "Microphones", "29946", "", SINGLE, (
        ("SHU-SM58", "Shure", "SM58 Dynamic Vocal Microphone", 99), ("SHU-SM57", "Shure", "SM57 Instrument Microphone", 99),
        ("SHU-SM7B", "Shure", "SM7B", 399), ("AT-2020", "Audio-Technica", "AT2020 Condenser", 99),
        ("RODE-NT1", "Rode", "NT1 5th Gen", 269), ("SENN-E835", "Sennheiser", "e835", 99),
        ("SHU-BLX", "Shure", "BLX24/SM58 Wireless System", 399), ("AKG-C214", "AKG", "C214", 399),
    )),
    Family("UKE", "Guitars", "Ukuleles", "16224", "", SINGLE, (
        ("KALA-KA", "Kala", "KA-15S Soprano", 59), ("KALA-CON", "Kala", "KA-C Concert", 99),
        ("LAN-CON", "Lanikai", "LU-21C Concert", 89), ("FEN-VEN", "Fender", "Venice Soprano", 59),
        ("ENYA-NOVA", "Enya", "Nova U", 69), ("ORC-OU2", "Ortega", "RU5 Soprano", 79),
    )),
    Family("TUN", "Accessories", "Tuners", "22672", "", SINGLE, (
        ("SNRK-ST2", "Snark", "ST-2 Clip-On Tuner", 15), ("TCE-PT", "TC Electronic", "PolyTune Clip", 49),
        ("KORG-GA", "Korg", "GA-1 Guitar Tuner", 15), ("PET-SC", "Peterson", "StroboClip HD", 69),
    )),
    Family("STD", "Accessories", "Music Stands", "101555", "", SINGLE, (
        ("MAN-50", "Manhasset", "Model 50 Symphony Stand", 69), ("ONS-SM", "On-Stage", "SM7211B Folding Stand", 19),
        ("KM-101", "K&M", "101 Orchestra Stand", 89), ("HER-BS", "Hercules", "BS100B Tripod Stand", 49),
    )),
)

FAMILIES += (
    Family("HDS", "Drums", "Drum Heads", "10175", "size", (
        ("08", '8"'), ("10", '10"'), ("12", '12"'), ("13", '13"'), ("14", '14"'), ("16", '16"'),
    ), (
        ("REMO-AMB", "Remo", "Ambassador Coated", 15), ("REMO-EMP", "Remo", "Emperor Clear", 18),
        ("REMO-PS3", "Remo", "Powerstroke P3 Clear", 20), ("EVN-G2", "Evans", "G2 Coated", 17),
        ("EVN-EC2", "Evans", "EC2S Clear", 20), ("EVN-UV1", "Evans", "UV1 Coated", 19),
        ("AQU-HED", "Aquarian", "Hi-Energy", 22), ("AQU-TC", "Aquarian", "Texture Coated", 16),
        ("REMO-CS", "Remo", "Controlled Sound Black Dot", 19), ("EVN-HYD", "Evans", "Hydraulic Glass", 18),
    )),
    Family("CAP", "Apparel", "Caps", "1288", "colour", (
        ("BK", "Black"), ("NV", "Navy"), ("GR", "Grey"), ("RD", "Red"),
    ), (
        ("LOGO", "Store", "Logo Snapback Cap", 24), ("FEND", "Fender", "Logo Trucker Cap", 28),
        ("GIBS", "Gibson", "Logo Cap", 28), ("MARS", "Marshall", "Script Cap", 26),
        ("VINT", "Store", "Vintage Patch Cap", 26), ("ZILJ", "Zildjian", "Logo Cap", 25),
        ("ERNB", "Ernie Ball", "Logo Cap", 22), ("TAYL", "Taylor", "Logo Cap", 28),
    )),
    Family("ASTR", "Strings", "Acoustic Guitar Strings", "41431", "size", (
        ("XL", "Extra Light 10-47"), ("CL", "Custom Light 11-52"), ("L", "Light 12-53"),
        ("M", "Medium 13-56"), ("H", "Heavy 14-59"),
    ), (
        ("EJ16", "D'Addario", "EJ Phosphor Bronze", 8), ("EJ26", "D'Addario", "EJ 80/20 Bronze", 7),
        ("MA-SP", "Martin", "SP Phosphor Bronze", 8), ("MA-LIFE", "Martin", "Lifespan 2.0", 14),
        ("EL-PB", "Elixir", "Polyweb Phosphor Bronze", 16), ("EB-EWD", "Ernie Ball", "Earthwood Phosphor", 8),
        ("DR-RAR", "DR Strings", "Rare Phosphor Bronze", 11), ("GB-AC", "GHS", "Vintage Bronze", 7),
        ("TAY-EL", "Taylor", "Elixir Phosphor Bronze", 16), ("CL-PB", "Cleartone", "Phosphor Bronze", 14),
    )),
    Family("BSTR", "Strings", "Bass Strings", "41431", "size", (
        ("40", "Light 40-95"), ("45", "Regular 45-100"), ("45-105", "Medium 45-105"), ("5S", "5-String 45-130"),
    ), (
        ("EB-SLK", "Ernie Ball", "Regular Slinky Bass", 29), ("DA-EXL", "D'Addario", "EXL Nickel Wound Bass", 26),
        ("EL-NW", "Elixir", "Nanoweb Nickel Bass", 49), ("RT-SWB", "Rotosound", "Swing Bass 66", 34),
        ("DR-LO", "DR Strings", "Lo-Rider", 35), ("GHS-BM", "GHS", "Bass Boomers", 27),
        ("FEN-7250", "Fender", "7250 Nickel Bass", 24), ("LB-FL", "La Bella", "Deep Talkin' Flats", 56),
    )),
    Family("HOD", "Apparel", "Hoodies", "1288", "size", SHIRT_SIZES, (
        ("LOGO", "Store", "Logo Pullover Hoodie", 45), ("ZIP", "Store", "Full-Zip Hoodie", 52),
        ("FEND", "Fender", "Logo Hoodie", 55), ("GIBS", "Gibson", "Logo Hoodie", 55),
        ("MARS", "Marshall", "Logo Hoodie", 55), ("VINT", "Store", "Vintage Tour Hoodie", 50),
    )),
    Family("MCB", "Pro Audio", "Microphone Cables", "41459", "size", CABLE_LENGTHS, (
        ("MOG-XLR", "Mogami", "Gold Stage XLR", 60), ("PW-XLR", "D'Addario", "Planet Waves Classic XLR", 22),
        ("HOSA-XLR", "Hosa", "Pro Rean XLR", 18), ("MON-XLR", "Monster", "Studio Pro XLR", 40),
    )),
    Family("USTR", "Strings", "Ukulele Strings", "182172", "size", (
        ("SOP", "Soprano"), ("CON", "Concert"), ("TEN", "Tenor"),
    ), (
        ("AQ-NYL", "Aquila", "Nylgut", 10), ("MS-FL", "Martin", "M600 Fluorocarbon", 9),
        ("DA-EJ87", "D'Addario", "EJ87 Titanium", 8), ("WOR-CL", "Worth", "Clear Fluorocarbon", 13),
    )),
)

# Extra single SKUs named in the sample eBay downloads, each (sku, family prefix, brand, model, price).
SAMPLE_SKUS = (
    ("STR-EB2221", "STR", "Ernie Ball", "Regular Slinky 10-46, 3-Pack", 17),
    ("STR-EXP16", "STR", "D'Addario", "EXP16 Acoustic Strings 12-53", 12),
    ("DRM-ZILA14", "DRM", "Zildjian", '14" A New Beat Hi-Hats', 329),
)
