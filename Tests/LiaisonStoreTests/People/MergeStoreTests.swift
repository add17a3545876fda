import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

@testable import LiaisonStore

@Suite("Merging duplicate records")
struct MergeStoreTests {
    @Test(
        "A confirmed merge moves the duplicate's history to the survivor; reversing moves exactly that back",
        arguments: TestDatabase.available)
    func confirmAndReverse(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let manager = try await Fixture.user(
                stores, email: "manager@merge.test", organisation: world.organisation, roles: [.teamManager])
            let managerWho = Attribution(Actor(user: manager), reason: "Different dates of birth on the GP record")
            let (survivor, first) = try await stores.people.create(
                PersonStoreTests.details("Amira", "Hassan"), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: Date(), by: world.who)
            let (duplicate, second) = try await stores.people.create(
                PersonStoreTests.details("Amira", "Hasan", aliases: ["Amy Hasan"]),
                firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            _ = try await stores.screenings.record(
                Instruments.gad7, answers: ["1": 1], for: second, by: world.who)
            let merge = try await stores.merges.propose(
                survivor: survivor.id, duplicate: duplicate.id, reason: "Same PNC on the custody record", by: world.who)
            #expect(merge.status == .proposed)
            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.merges.propose(
                    survivor: duplicate.id, duplicate: survivor.id, reason: "Same person again, surely", by: world.who)
            }
            // The proposer cannot confirm their own proposal.
            await #expect(throws: DomainError.self) {
                _ = try await stores.merges.confirm(merge.id, expected: .init(1), by: world.who)
            }
            let confirmed = try await stores.merges.confirm(merge.id, expected: .init(1), by: managerWho)
            // Rejected from a page read before the confirmation: a conflict, not "already decided".
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                _ = try await stores.merges.reject(merge.id, expected: .init(1), by: managerWho)
            }
            #expect(confirmed.status == .confirmed && confirmed.decidedBy == manager.id)
            #expect(Set(try await stores.episodes.list(for: survivor.id).map(\.id)) == [first.id, second.id])
            #expect(try await stores.episodes.list(for: duplicate.id).isEmpty)
            #expect(try await stores.screenings.list(for: survivor.id).count == 1)
            // Searching by the duplicate's alias finds the survivor.
            let found = try await stores.people.search(
                PersonQuery(givenName: "Amy", familyName: "Hasan", dateOfBirth: survivor.details.dateOfBirth),
                by: world.who)
            #expect(found.map(\.person.id) == [survivor.id])
            #expect(try await stores.people.relationship(of: duplicate.id).organisations == [world.organisation.id])
            // An edit of the duplicate begun before the merge is a conflict, and one begun after is refused: nothing
            // is written onto a record that is no longer shown.
            await #expect(throws: DomainError.staleVersion(current: 2)) {
                _ = try await stores.people.update(
                    duplicate.id, with: PersonStoreTests.details("Amira", "Changed"), expected: .init(1), by: world.who)
            }
            let refused = await #expect(throws: DomainError.self) {
                _ = try await stores.people.update(
                    duplicate.id, with: PersonStoreTests.details("Amira", "Changed"), expected: .init(2), by: world.who)
            }
            #expect(refused.map { "\($0)" }?.contains("merged into another") == true)
            #expect(try await stores.people.view(duplicate.id, by: world.who)?.details.familyName == "Hasan")

            await #expect(throws: ValidationFailure.self) {
                _ = try await stores.merges.reverse(merge.id, expected: .init(2), by: Attribution(Actor(user: manager)))
            }
            let reversed = try await stores.merges.reverse(merge.id, expected: .init(2), by: managerWho)
            #expect(reversed.status == .reversed)
            #expect(try await stores.episodes.list(for: survivor.id).map(\.id) == [first.id])
            #expect(try await stores.episodes.list(for: duplicate.id).map(\.id) == [second.id])
            #expect(try await stores.screenings.list(for: duplicate.id).count == 1)
            #expect(try await stores.people.view(duplicate.id, by: world.who)?.version == 3)
            let events = try await stores.auditReader.recent(limit: 3).filter { $0.action != "person.view" }
            #expect(events.count == 2 && events.allSatisfy { $0.action == "person.merge_reverse" })
            #expect(Set(events.compactMap(\.personID)) == [survivor.id.rawValue, duplicate.id.rawValue])
        }
    }

    @Test(
        "After a merge, a write that names the merged record (an episode, a waiting-list request, a placement, data items) is refused and writes nothing",
        arguments: TestDatabase.available)
    func writesOnMergedRecord(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            let manager = try await Fixture.user(
                stores, email: "manager@merge.test", organisation: world.organisation, roles: [.teamManager])
            let (survivor, _) = try await stores.people.create(
                PersonStoreTests.details("Amira", "Hassan"), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: Date(), by: world.who)
            let (duplicate, _) = try await stores.people.create(
                PersonStoreTests.details("Amira", "Hasan"), firstEpisode: PersonStoreTests.episode(world),
                identifiedAt: Date(), by: world.who)
            let merge = try await stores.merges.propose(
                survivor: survivor.id, duplicate: duplicate.id, reason: "Same PNC on the custody record", by: world.who)
            _ = try await stores.merges.confirm(merge.id, expected: .init(1), by: Attribution(Actor(user: manager)))
            let merged = "merged into another"
            let episode = await #expect(throws: DomainError.self) {
                _ = try await stores.episodes.open(
                    PersonStoreTests.episode(world), for: duplicate.id, identifiedAt: Date(), by: world.who)
            }
            #expect(episode.map { "\($0)" }?.contains(merged) == true)
            let request = await #expect(throws: DomainError.self) {
                _ = try await stores.housing.request(duplicate.id, WaitingListStoreTests.ask(.urgent), by: world.who)
            }
            #expect(request.map { "\($0)" }?.contains(merged) == true)
            let unit = try await HousingStoreTests.unit(stores, world, womenOnly: false)
            let placed = await #expect(throws: DomainError.self) {
                _ = try await stores.housing.place(
                    duplicate.id, in: unit.id, HousingStoreTests.draft(), from: nil, by: world.who)
            }
            #expect(placed.map { "\($0)" }?.contains(merged) == true)
            let saved = await #expect(throws: DomainError.self) {
                _ = try await stores.personData.save(
                    PersonDataItemsStoreTests.draft, for: duplicate.id, expected: nil, by: world.who)
            }
            #expect(saved.map { "\($0)" }?.contains(merged) == true)
            // Nothing landed on the merged record or its survivor.
            #expect(try await stores.episodes.list(for: duplicate.id).isEmpty)
            #expect(try await stores.episodes.list(for: survivor.id).count == 2)
            #expect(try await stores.housing.waitingList(by: world.who).isEmpty)
            #expect(try await stores.housing.placements(in: unit.id).isEmpty)
            #expect(try await stores.personData.find(for: duplicate.id, by: world.who) == nil)
            // The survivor takes the same writes.
            _ = try await stores.housing.request(survivor.id, WaitingListStoreTests.ask(.urgent), by: world.who)
        }
    }

    @Test(
        "The merges list puts each merge on both people's trails, and masks one of a record the reader may no longer open (no ids, no reason)",
        arguments: TestDatabase.available)
    func listMasked(_ database: TestDatabase) async throws {
        try await database.withStores { stores in
            let (east, west, person, eastManager, westManager) = try await RelationshipClaimStoreTests.heldByEast(
                stores)
            let merge = try await RelationshipClaimStoreTests.proposeAfterClaiming(stores, west, person.id)
            let listed = try await stores.merges.list(by: westManager)
            #expect(listed.map(\.id) == [merge.id] && !listed[0].isMasked && listed[0].reason == merge.reason)
            let events = try await stores.auditReader.recent(limit: 2)
            #expect(events.allSatisfy { $0.action == "person_merge.list_view" })
            #expect(Set(events.compactMap(\.personID)) == [merge.survivorID.rawValue, merge.duplicateID.rawValue])
            // East ends West's claim: West may no longer open East's record, so the list no longer names it.
            let claimed = try #require(
                try await stores.episodes.list(for: person.id).first { $0.organisationID == west.organisation.id })
            try await RelationshipClaimStoreTests.endClaim(on: claimed.id, heldBy: east, manager: eastManager, stores)
            let masked = try await stores.merges.list(by: westManager)
            #expect(masked.count == 1 && masked[0].isMasked && masked[0].reason.isEmpty)
            #expect(masked[0].survivorID.rawValue.isEmpty && masked[0].duplicateID.rawValue.isEmpty)
            #expect(try await stores.auditReader.recent(limit: 1).first?.action != "person_merge.list_view")
        }
    }

    @Test("A restricted record is shown only to the practitioners on its episodes and team managers")
    func restricted() async throws {
        try await TestDatabase.sqlite.withStores { stores in
            let world = try await PersonStoreTests.world(stores)
            var details = PersonStoreTests.details()
            details.isRestricted = true
            let (person, _) = try await stores.people.create(
                details, firstEpisode: PersonStoreTests.episode(world), identifiedAt: Date(), by: world.who)
            let colleague = try await Fixture.user(stores, email: "colleague@r.test", organisation: world.organisation)
            let manager = try await Fixture.user(
                stores, email: "manager@r.test", organisation: world.organisation, roles: [.teamManager])
            let relationship = try await stores.people.relationship(of: person.id)
            #expect(AccessPolicy.decide(world.who.actor, .viewPerson(relationship)) == .allowed)
            #expect(AccessPolicy.decide(Actor(user: manager), .viewPerson(relationship)) == .allowed)
            guard case .denied(let reason) = AccessPolicy.decide(Actor(user: colleague), .viewPerson(relationship))
            else {
                Issue.record("A colleague not on the episode could open a restricted record")
                return
            }
            #expect(reason.contains("restricted"))
        }
    }
}
