import SQLKit

/// A referral's first appointment and how it went (MHSDS attendance code), for the national return (issue 18).
struct AddReferralAppointment: Migration {
    let name = "0033_add_referral_appointment"

    func apply(on db: any SQLDatabase) async throws {
        try await db.alter(table: "referrals").column("first_appointment_on", type: .text).run()
        try await db.alter(table: "referrals").column("attendance_code", type: .text).run()
    }
}
