import LiaisonCore

/// Names and the ethnicity mix for synthetic people: broad, London-shaped, and obviously not real records.
enum DemoNames {
    struct Names {
        let male: [String]
        let female: [String]
        let family: [String]
    }

    /// Roughly the mix seen in London custody; Z and 99 kept for the "not stated / not known" reporting lines.
    static let ethnicities: [(EthnicCategory, Double)] = [
        (.whiteBritish, 0.34), (.whiteIrish, 0.02), (.whiteOther, 0.11), (.mixedWhiteBlackCaribbean, 0.04),
        (.mixedOther, 0.03), (.asianIndian, 0.03), (.asianPakistani, 0.03), (.asianBangladeshi, 0.04),
        (.asianOther, 0.02), (.blackCaribbean, 0.10), (.blackAfrican, 0.12), (.blackOther, 0.03),
        (.otherEthnicGroup, 0.04), (.notStated, 0.03), (.notKnown, 0.02),
    ]

    static func names(for ethnicity: EthnicCategory) -> Names {
        switch ethnicity.broadGroup {
        case "Black": black
        case "Asian": asian
        default: ethnicity == .whiteOther ? european : british
        }
    }

    static let british = Names(
        male: [
            "James", "Daniel", "Connor", "Liam", "Jack", "Ryan", "Michael", "Lee", "Darren", "Kyle", "Jordan", "Callum",
        ],
        female: ["Emma", "Chloe", "Sophie", "Jade", "Kelly", "Stacey", "Laura", "Amy", "Leanne", "Gemma"],
        family: [
            "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Walker", "Wright",
            "Murphy", "Kelly", "Hughes", "Clarke",
        ])
    static let european = Names(
        male: ["Piotr", "Tomasz", "Andrei", "Mihai", "Lukas", "Marco", "Ionut", "Kamil", "Arben"],
        female: ["Agnieszka", "Elena", "Ioana", "Marta", "Katarzyna", "Ana"],
        family: ["Nowak", "Kowalski", "Popescu", "Ionescu", "Wisniewski", "Rossi", "Horvat", "Gashi", "Ozturk"])
    static let black = Names(
        male: ["Kwame", "Tunde", "Abdi", "Jerome", "Tyrone", "Emeka", "Kofi", "Mohamed", "Marcus", "Dwayne", "Chidi"],
        female: ["Amara", "Chantelle", "Ayan", "Shanice", "Grace", "Nia", "Fatima", "Abena"],
        family: [
            "Okafor", "Adeyemi", "Mensah", "Campbell", "Francis", "Ali", "Hassan", "Boateng", "Williams", "Okonkwo",
            "Brown", "Warsame",
        ])
    static let asian = Names(
        male: ["Mohammed", "Imran", "Raj", "Arjun", "Shahid", "Rahim", "Sanjay", "Bilal", "Abdul"],
        female: ["Aisha", "Priya", "Nusrat", "Shabana", "Anjali", "Farzana"],
        family: [
            "Khan", "Ahmed", "Begum", "Patel", "Hussain", "Rahman", "Singh", "Miah", "Iqbal", "Chowdhury", "Sharma",
        ])

    /// A valid (Modulus 11) NHS number in a range no real person holds in this demo's spirit: synthetic.
    static func nhsNumber(_ random: inout DemoRandom) -> NHSNumber? {
        while true {
            let digits = (0..<9).map { _ in Int.random(in: 0...9, using: &random) }
            let sum = zip(digits, stride(from: 10, through: 2, by: -1)).map { $0 * $1 }.reduce(0, +)
            var check = 11 - sum % 11
            if check == 11 { check = 0 }
            if check == 10 { continue }
            return NHSNumber((digits + [check]).map(String.init).joined())
        }
    }
}
