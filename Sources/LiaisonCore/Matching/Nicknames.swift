/// Common English forenames and the short forms people give at custody desks ("Bill" for William). A pair of
/// forenames in the same group agrees at the nickname level; the list is deliberately small and conservative.
package enum Nicknames {
    static let groups: [[String]] = [
        ["WILLIAM", "BILL", "BILLY", "WILL", "WILLY", "LIAM"], ["ROBERT", "BOB", "BOBBY", "ROB", "ROBBIE", "BERT"],
        ["RICHARD", "DICK", "RICK", "RICKY", "RICH", "RICHIE"], ["JAMES", "JIM", "JIMMY", "JAMIE", "JIMMIE"],
        ["JOHN", "JACK", "JOHNNY", "JON", "JONNY"], ["JONATHAN", "JON", "JONNY", "NATHAN"],
        ["MICHAEL", "MIKE", "MICK", "MICKY", "MIKEY"], ["CHRISTOPHER", "CHRIS", "KIT"],
        ["CHRISTINE", "CHRIS", "CHRISSY", "TINA"], ["ANTHONY", "TONY", "ANT"], ["ANDREW", "ANDY", "DREW"],
        ["THOMAS", "TOM", "TOMMY"], ["JOSEPH", "JOE", "JOEY"], ["DANIEL", "DAN", "DANNY"], ["DAVID", "DAVE", "DAVY"],
        ["EDWARD", "ED", "EDDIE", "TED", "TEDDY", "NED"], ["EDMUND", "ED", "EDDIE", "NED"], ["STEPHEN", "STEVE"],
        ["STEVEN", "STEVE", "STEVIE"], ["MATTHEW", "MATT", "MATTY"], ["NICHOLAS", "NICK", "NICKY", "NICO"],
        ["PATRICK", "PAT", "PADDY"], ["PETER", "PETE"], ["SAMUEL", "SAM", "SAMMY"], ["SAMANTHA", "SAM", "SAMMY"],
        ["TIMOTHY", "TIM", "TIMMY"], ["BENJAMIN", "BEN", "BENNY"], ["ALEXANDER", "ALEX", "AL", "SANDY", "XANDER"],
        ["ALEXANDRA", "ALEX", "SANDRA", "LEXI"], ["CHARLES", "CHARLIE", "CHAS", "CHUCK"], ["GEORGE", "GEORDIE"],
        ["HENRY", "HARRY", "HAL", "HANK"], ["HAROLD", "HARRY", "HAL"], ["FREDERICK", "FRED", "FREDDIE", "FREDDY"],
        ["GERALD", "GERRY", "JERRY"], ["KENNETH", "KEN", "KENNY"], ["LAWRENCE", "LARRY", "LAURIE"],
        ["LEONARD", "LEN", "LENNY", "LEO"], ["PHILIP", "PHIL", "PIP"], ["RAYMOND", "RAY"], ["RONALD", "RON", "RONNIE"],
        ["DONALD", "DON", "DONNIE"], ["TERENCE", "TERRY"], ["VINCENT", "VINCE", "VINNIE"], ["ZACHARY", "ZACH", "ZAK"],
        ["JOSHUA", "JOSH"], ["NATHANIEL", "NATE", "NAT"], ["GABRIEL", "GABE"],
        ["MOHAMMED", "MOHAMMAD", "MUHAMMAD", "MO"],
        ["ELIZABETH", "LIZ", "LIZZIE", "BETH", "BETTY", "ELIZA", "LIBBY"], ["MARGARET", "MAGGIE", "MEG", "PEGGY"],
        ["KATHERINE", "KATE", "KATIE", "KATHY", "KAT"], ["CATHERINE", "CATH", "CATHY", "KATE", "KATIE"],
        ["JENNIFER", "JEN", "JENNY"], ["JESSICA", "JESS", "JESSIE"], ["REBECCA", "BECKY", "BECCA"],
        ["VICTORIA", "VICKY", "TORI"], ["SUSAN", "SUE", "SUZY"], ["DEBORAH", "DEBBIE", "DEB"],
        ["PATRICIA", "PAT", "TRISH"],
        ["ABIGAIL", "ABBY", "ABBIE"], ["NATALIE", "NAT"], ["ELEANOR", "ELLIE", "NELL"], ["HANNAH", "ANNA"],
        ["ANNE", "ANNIE", "ANN"], ["AMANDA", "MANDY"], ["JACQUELINE", "JACKIE"], ["KIMBERLEY", "KIM"],
        ["GABRIELLE", "GABBY"], ["STEPHANIE", "STEPH"], ["DOROTHY", "DOT", "DOTTIE"], ["MARY", "MOLLY", "POLLY"],
    ]

    /// Forename → the groups it belongs to (a name such as "Chris" is in more than one).
    private static let index: [[UInt8]: [Int]] = {
        var index: [[UInt8]: [Int]] = [:]
        for (group, names) in groups.enumerated() {
            for name in names { index[Array(name.utf8), default: []].append(group) }
        }
        return index
    }()

    /// The groups of a normalised forename, empty when it is not in the list.
    package static func groups(of name: [UInt8]) -> [Int] { index[name] ?? [] }

    /// True when the two forenames are different forms of the same name.
    package static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let left = groups(of: a)
        guard !left.isEmpty else { return false }
        return groups(of: b).contains { left.contains($0) }
    }
}
