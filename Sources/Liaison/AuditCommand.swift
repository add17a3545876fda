import ArgumentParser
import Foundation
import LiaisonStore

/// `liaison audit …`: verify the hash chain, and sign checkpoints of its head kept outside the database.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Work with the audit log.", subcommands: [Verify.self, Checkpoint.self])

    /// The checkpoint key: a file outside the database (`--key-file`, or `$LIAISON_AUDIT_KEY_FILE`).
    struct KeyOptions: ParsableArguments {
        @Option(
            name: .customLong("key-file"),
            help: "File holding the checkpoint key, 32+ bytes, kept outside the database ($LIAISON_AUDIT_KEY_FILE).")
        var keyFile: String?

        var path: String? { keyFile ?? ProcessInfo.processInfo.environment["LIAISON_AUDIT_KEY_FILE"] }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Recompute every audit hash, check each signed checkpoint given, and exit 1 naming the first problem.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var key: KeyOptions
        @Option(help: "The checkpoint file written by 'liaison audit checkpoint' (needs the key).")
        var checkpoints: String?

        func run() async throws {
            let signed: (checkpoints: [AuditCheckpoint], key: AuditKey)?
            if let checkpoints {
                guard let keyFile = key.path else { throw ValidationError("Checking checkpoints needs --key-file") }
                do {
                    let text = try String(contentsOfFile: checkpoints, encoding: .utf8)
                    signed = (try AuditCheckpoint.parse(text), try AuditCheckpoint.key(file: keyFile))
                } catch let error as AuditCheckpointError {
                    throw CLIError(error.description)
                } catch {
                    throw CLIError("Cannot read the checkpoint file \(checkpoints)")
                }
            } else {
                signed = nil
            }
            let result = try await database.withStores { stores in
                if let signed {
                    return try await stores.auditReader.verify(checkpoints: signed.checkpoints, key: signed.key) {
                        print("Checked \($0) events")
                    }
                }
                return try await stores.auditReader.verify { checked in print("Checked \(checked) events") }
            }
            switch result {
            case .intact(let events):
                print(
                    "Audit log intact: \(events) events, every hash and link verified"
                        + (signed.map { ", and \($0.checkpoints.count) signed checkpoints agree." } ?? "."))
            case .broken(let sequence, let problem):
                throw CLIError("Audit log broken at event \(sequence): \(problem).")
            }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Verify the log, then append a signed checkpoint of its head to a file kept outside the database.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var key: KeyOptions
        @Option(help: "The checkpoint file to append to (ship it off the server).") var out: String

        func run() async throws {
            guard let keyFile = key.path else { throw ValidationError("Give --key-file or set LIAISON_AUDIT_KEY_FILE") }
            let key: AuditKey
            do { key = try AuditCheckpoint.key(file: keyFile) } catch { throw CLIError(error.description) }
            let checkpoint = try await database.withStores { stores in
                do { return try await stores.auditReader.checkpoint(key: key) } catch let error as AuditCheckpointError
                {
                    throw CLIError(error.description)
                }
            }
            if !FileManager.default.fileExists(atPath: out) {
                FileManager.default.createFile(atPath: out, contents: nil)
            }
            guard let handle = FileHandle(forWritingAtPath: out) else { throw CLIError("Cannot write to \(out)") }
            handle.seekToEndOfFile()
            handle.write(Data((checkpoint.line + "\n").utf8))
            handle.closeFile()
            print("Checkpoint of event \(checkpoint.sequence) appended to \(out).")
        }
    }
}
