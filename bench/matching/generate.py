#!/usr/bin/env python3
"""Synthetic custody-desk arrivals with ground truth, for benchmarking record linkage (Liaison against Splink).

Usage: generate.py OUT.csv --records N [--seed S]        (default seed 42; standard library only)

Writes N records with a header row:
    unique_id,cluster,first_name,surname,aliases,dob,sex,postcode,nhs_number,pnc_id,custody_number
Records sharing `cluster` are the same real person. People have 1 record (55%), 2 (25%), 3 (11%), 4 (5%) or 5-8 (4%);
the first record of a person is clean, every further one is a separate arrival with independent errors (typos,
nicknames, swapped names, alias used as the name, date-of-birth slips, missing or changed identifiers; the rates are
in `arrival` below). Surnames are Zipf-Mandelbrot distributed, weight 1/(rank+10): exponent 1, with the head
flattened so the commonest name is about 1% of people, as Smith is in England. Output order is shuffled, and the
output is identical for a given seed (everything is drawn from one random.Random(seed)).
"""

import argparse
import bisect
import itertools
import random
import sys
from datetime import date

MALE = """James John Michael David Daniel Thomas William Robert Richard Joseph Christopher Anthony Matthew Mark Paul
Andrew Steven Stephen Peter George Edward Charles Alexander Samuel Benjamin Jack Harry Oliver Jacob Joshua Ryan Liam
Connor Callum Kyle Jordan Lewis Luke Adam Jamie Dean Lee Craig Wayne Darren Gary Kevin Jason Scott Nathan Aaron Kieran
Reece Tyler Brandon Mason Noah Leo Alfie Charlie Archie Patrick Nicholas Jonathan Timothy Kenneth Raymond Terence
Frederick Henry Lawrence Leonard Ronald Donald Gerald Vincent Zachary Philip Sean Declan Ciaran Eoin Niall Cian Darragh
Padraig Marcus Jerome Tyrone Leon Dwayne Delroy Winston Errol Clive Desmond Trevor Kwame Kofi Kwabena Kojo Emmanuel
Chidi Chukwuemeka Obinna Babatunde Olumide Femi Segun Adebayo Ikechukwu Oluwaseun Abdul Mohammed Muhammad Ahmed Ali
Omar Hassan Hussein Ibrahim Yusuf Ismail Bilal Imran Tariq Zahid Asif Faisal Amir Hamza Arjun Rahul Ravi Sanjay Vikram
Deepak Amit Harpreet Gurpreet Jaspreet Rajesh Suresh Anil Sunil Rohan Aryan Piotr Pawel Tomasz Krzysztof Marcin Lukasz
Jakub Kamil Andrei Ionut Florin Mihai Bogdan Vasile Dmitri Sergei Oleksandr Vytautas Mindaugas Abdi Abdirahman
Abdullahi Mahad Liban Guled Mustafa Mehmet Emre Murat Kemal Burak Hakan Serkan Marco Luca Giuseppe Antonio Jose Carlos
Miguel Diego Joao Pedro Tiago Wei Jun Minh Tuan Kelvin Elijah Isaac Gabriel Ethan""".split()
FEMALE = """Sarah Emma Laura Jessica Rebecca Hannah Sophie Chloe Amy Lauren Charlotte Emily Olivia Amelia Isla Ava Mia
Grace Lily Ella Ruby Poppy Evie Holly Megan Jade Kelly Stacey Leanne Danielle Natalie Nicola Claire Michelle Lisa Karen
Donna Tracey Joanne Elizabeth Margaret Katherine Catherine Susan Patricia Jennifer Victoria Alexandra Samantha
Christine Deborah Abigail Eleanor Siobhan Niamh Aoife Ciara Roisin Sinead Orla Precious Blessing Abena Akosua Ama Adwoa
Efua Chioma Ngozi Adaeze Funmilayo Folasade Yetunde Temitope Oluwaseyi Shanice Keisha Tanisha Latoya Marcia Beverley
Paulette Fatima Aisha Ayesha Maryam Zainab Khadija Amina Sana Nadia Yasmin Priya Anjali Pooja Neha Sunita Simran
Parveen Shabana Nasreen Agnieszka Katarzyna Magdalena Joanna Monika Ewa Elena Ioana Andreea Maria Alina Olga Natalia
Irina Hodan Sahra Ifrah Fadumo Hawa Ayan Elif Zeynep Fatma Emine Ana Sofia Beatriz Mei Linh""".split()
SURNAMES = """Smith Jones Williams Brown Taylor Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker
White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark
Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell
Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis
Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer
Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed
Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West
Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong
Francis Rees Hayes Hart Hudson Newman Barrett Kennedy Robertson Byrne O'Connor Sullivan Doyle McCarthy Gallagher Quinn
Shah Ahmad Rahman Mahmood Iqbal Akhtar Chowdhury Miah Uddin Islam Sharma Kumar Mistry Okafor Mensah Adeyemi Osei Boateng
Owusu Asante Okonkwo Adebayo Oladipo Eze Nwosu Mohamed Abdi Hassan Farah Warsame Yusuf Omar Nowak Kowalski Wisniewski
Wojcik Kowalczyk Kaminski Lewandowski Zielinski Popescu Ionescu Yilmaz Kaya Demir Sahin Celik Silva Santos Ferreira
Pereira Costa Rossi Nguyen Tran Chen Wang""".split()
OUTWARD = """E1 E2 E3 E5 E6 E7 E8 E9 E10 E11 E12 E13 E14 E15 E16 E17 EC1 N1 N4 N5 N7 N8 N9 N15 N16 N17 N18 N19 N22 NW1
NW2 NW5 NW6 NW9 NW10 SE1 SE4 SE5 SE6 SE8 SE9 SE10 SE11 SE13 SE14 SE15 SE16 SE17 SE18 SE19 SE22 SE25 SE27 SE28 SW2 SW4
SW8 SW9 SW11 SW12 SW16 SW17 SW18 SW19 W2 W3 W6 W9 W10 W11 W12 W14 CR0 IG1 RM10 UB1 HA0 BR1 EN1 TW3""".split()
NICKNAMES = """William:Bill,Billy,Will Robert:Bob,Rob,Bobby,Robbie Richard:Rick,Dick,Richie James:Jim,Jimmy
Michael:Mike,Mick,Micky Thomas:Tom,Tommy Anthony:Tony,Ant Christopher:Chris,Kit Alexander:Alex,Sandy Daniel:Dan,Danny
Joseph:Joe,Joey Samuel:Sam,Sammy Edward:Ed,Eddie,Ted Benjamin:Ben,Benny Matthew:Matt Andrew:Andy,Drew Steven:Steve
Stephen:Steve Peter:Pete David:Dave,Davy Nicholas:Nick,Nicky Patrick:Pat,Paddy Charles:Charlie,Chas Jonathan:Jon,Jonny
Timothy:Tim Kenneth:Ken,Kenny Raymond:Ray Terence:Terry Frederick:Fred,Freddie Henry:Harry,Hal Lawrence:Larry
Leonard:Len,Lenny Ronald:Ron,Ronnie Donald:Don Gerald:Gerry Vincent:Vince,Vinnie Zachary:Zach,Zak Philip:Phil
Joshua:Josh Jacob:Jake Oliver:Ollie Gabriel:Gabe Mohammed:Mo Muhammad:Mo Babatunde:Tunde Oluwaseun:Seun
Chukwuemeka:Emeka Elizabeth:Liz,Beth,Lizzie,Betty Margaret:Maggie,Meg,Peggy Katherine:Kate,Katie,Kathy
Catherine:Kate,Cathy,Cath Rebecca:Becky,Becca Jessica:Jess Victoria:Vicky,Tori Alexandra:Alex,Lexi Samantha:Sam,Sammy
Jennifer:Jen,Jenny Patricia:Pat,Trish Susan:Sue,Suzy Deborah:Debbie,Debs Christine:Chris,Tina Abigail:Abby
Natalie:Nat Eleanor:Ellie,Nell Charlotte:Lottie Amelia:Millie Temitope:Tope Funmilayo:Funmi Folasade:Sade
Oluwaseyi:Seyi""".split()
SYLLABLES = """ab ad al an ar ba be bo da de di el en er fa ga ha ho ka ki ko la le li lo ma me mi mo na ne ni no o ol ra re
ri ro sa se si so ta te ti to u va wi ya za""".split()
ENDINGS = ["", "s", "son", "ton", "ley", "man", "er", "ski", "ova", "ian", "ez", "es", "ey", "ine", "well", "by", "ani"]
INWARD = "ABDEFGHJLNPQRSTUWXYZ"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
COLUMNS = "unique_id,cluster,first_name,surname,aliases,dob,sex,postcode,nhs_number,pnc_id,custody_number"
SIZES = [(0.55, 1), (0.80, 2), (0.91, 3), (0.96, 4)]  # cumulative; the rest have 5-8 records
LOW, HIGH = date(1950, 1, 2).toordinal(), date(2014, 1, 1).toordinal()  # aged 12-75 on 1 January 2026


def title(name):
    """Title Case that keeps O'Brien, Smith-Jones and McCarthy."""
    out = "".join(c.upper() if i == 0 or name[i - 1] in "-' " else c for i, c in enumerate(name.lower()))
    return out[:2] + out[2].upper() + out[3:] if out.startswith("Mc") and len(out) > 2 else out


def typo(rng, name):
    """One edit: substitute, insert, delete or transpose adjacent letters."""
    s, op = name.lower(), rng.randrange(4)
    i = rng.randrange(len(s))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if op == 1 or len(s) < 3:
        s = s[:i] + letter + s[i:]
    elif op == 2:
        s = s[:i] + s[i + 1:]
    elif op == 3 and i + 1 < len(s) and s[i] != s[i + 1]:
        s = s[:i] + s[i + 1] + s[i] + s[i + 2:]
    else:
        s = s[:i] + (letter if letter != s[i] else "z" if s[i] != "z" else "a") + s[i + 1:]
    return title(s)


class World:
    def __init__(self, rng):
        self.rng = rng
        seen = set(SURNAMES)
        self.surnames = list(SURNAMES)
        while len(self.surnames) < 25000:
            name = title("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))) + rng.choice(ENDINGS))
            if name not in seen:
                seen.add(name)
                self.surnames.append(name)
        self.surname_cum = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(self.surnames))))
        self.forenames = {"M": list(dict.fromkeys(MALE)), "F": list(dict.fromkeys(FEMALE))}
        self.forename_cum = {sex: list(itertools.accumulate(1 / (rank + 5) ** 0.8 for rank in range(len(names))))
                             for sex, names in self.forenames.items()}
        self.nicknames = {}
        for entry in NICKNAMES:
            formal, short = entry.split(":")
            sex = "F" if formal in self.forenames["F"] else "M"
            self.nicknames.setdefault((sex, formal), []).extend(short.split(","))
            for nick in short.split(","):
                self.nicknames.setdefault((sex, nick), []).append(formal)
        self.used = set()  # identifiers already issued, so no two people share one

    def surname(self):
        return self.surnames[bisect.bisect(self.surname_cum, self.rng.random() * self.surname_cum[-1])]

    def forename(self, sex):
        cum = self.forename_cum[sex]
        return self.forenames[sex][bisect.bisect(cum, self.rng.random() * cum[-1])]

    def postcode(self):
        r = self.rng
        return f"{r.choice(OUTWARD)} {r.randrange(10)}{r.choice(INWARD)}{r.choice(INWARD)}"

    def unique(self, make):
        while (value := make()) in self.used:
            pass
        self.used.add(value)
        return value

    def nhs(self):
        r = self.rng
        while True:
            digits = [r.randrange(10) for _ in range(9)]
            check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
            if check != 10:
                return "".join(map(str, digits)) + str(0 if check == 11 else check)

    def pnc(self):
        r, n = self.rng, self.rng.choice((6, 7))
        return f"{r.randrange(100):02d}/{r.randrange(10 ** n):0{n}d}{r.choice(UPPER)}"

    def custody(self):
        r = self.rng
        return f"{r.randrange(1, 100):02d}{r.choice(UPPER)}{r.choice(UPPER)}/{r.randrange(10000):04d}/{r.randint(15, 26)}"

    def person(self):
        r = self.rng
        sex = "F" if r.random() < 0.2 else "M"
        given, family = self.forename(sex), self.surname()
        alias = None
        if r.random() < 0.12:
            alias = (given, self.surname()) if r.random() < 0.6 else (self.forename(sex), family)
        return {"given": given, "family": family, "sex": sex, "alias": alias,
                "dob": date.fromordinal(r.randint(LOW, HIGH)).isoformat(), "postcode": self.postcode(),
                "nhs": self.unique(self.nhs) if r.random() < 0.55 else "",
                "pnc": self.unique(self.pnc) if r.random() < 0.60 else ""}

    def dob(self, dob):
        r = self.rng
        y, m, d = int(dob[:4]), int(dob[5:7]), int(dob[8:])
        if r.random() < 0.04 and d <= 12 and d != m:
            m, d = d, m
        if r.random() < 0.06:  # one digit mistyped (not the century); redrawn until it is a real date
            for _ in range(20):
                digits = list(f"{y:04d}{m:02d}{d:02d}")
                i = r.choice((2, 3, 4, 5, 6, 7))
                digits[i] = r.choice([c for c in "0123456789" if c != digits[i]])
                s = "".join(digits)
                try:
                    date(int(s[:4]), int(s[4:6]), int(s[6:]))
                except ValueError:
                    continue
                y, m, d = int(s[:4]), int(s[4:6]), int(s[6:])
                break
        if r.random() < 0.02:
            y += r.choice((-1, 1))
            d = 28 if (m, d) == (2, 29) else d
        return "" if r.random() < 0.02 else f"{y:04d}-{m:02d}-{d:02d}"

    def arrival(self, p, previous_custody):
        """A further record of person p: each error drawn independently."""
        r = self.rng
        given, family, aliases = p["given"], p["family"], " ".join(p["alias"]) if p["alias"] else ""
        if p["alias"] and r.random() < 0.04:
            (given, family), aliases = p["alias"], f"{p['given']} {p['family']}"
        elif r.random() < 0.5:
            aliases = ""
        if r.random() < 0.08 and (p["sex"], given) in self.nicknames:
            given = r.choice(self.nicknames[(p["sex"], given)])
        if r.random() < 0.12:
            given = typo(r, given)
        if r.random() < 0.02:
            given = given[0]
        if r.random() < 0.12:
            family = typo(r, family)
        if r.random() < 0.03:
            family = f"{family}-{self.surname()}" if r.random() < 0.5 else self.surname()
        if r.random() < 0.05:
            given, family = family, given
        nhs = "" if r.random() < 0.40 else p["nhs"]
        pnc = "" if r.random() < 0.25 else p["pnc"]
        postcode = self.postcode() if r.random() < 0.30 else p["postcode"]
        postcode = "" if r.random() < 0.12 else postcode
        sex = "" if r.random() < 0.03 else p["sex"]
        custody = previous_custody if r.random() < 0.08 else self.unique(self.custody)
        return [given, family, aliases, self.dob(p["dob"]), sex, postcode, nhs, pnc, custody]


def generate(records, seed):
    rng = random.Random(seed)
    world = World(rng)
    lines, person = [], 0
    while len(lines) < records:
        person += 1
        u = rng.random()
        size = next((n for cum, n in SIZES if u < cum), None) or rng.randint(5, 8)
        p = world.person()
        alias = " ".join(p["alias"]) if p["alias"] else ""
        row = [p["given"], p["family"], alias, p["dob"], p["sex"], p["postcode"], p["nhs"], p["pnc"],
               world.unique(world.custody)]
        for k in range(min(size, records - len(lines))):
            if k:
                row = world.arrival(p, row[8])
            lines.append(f"p{person:06d}," + ",".join(row))
            if len(lines) % 100000 == 0:
                print(f"{len(lines):,} records", file=sys.stderr)
    rng.shuffle(lines)
    return lines, person


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    lines, people = generate(args.records, args.seed)
    with open(args.out, "w", newline="") as f:
        f.write(COLUMNS + "\n")
        f.writelines(f"r{i:07d},{line}\n" for i, line in enumerate(lines, 1))
    print(f"{len(lines):,} records of {people:,} people -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
