import ArgumentParser
import LiaisonApp

/// `liaison render-bench`: times each candidate way of writing the work list's rows (ADR 0008, bench/render.sh).
struct RenderBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render-bench", abstract: "Time the work list's rows by each way of writing HTML.",
        shouldDisplay: false)

    @Option(help: "Rows on the page.") var rows = 50
    @Option(help: "Practitioners in each row's allocation list.") var staff = 12
    @Option(help: "Renders per candidate.") var iterations = 700

    func validate() throws {
        for (name, value) in [("rows", rows), ("staff", staff), ("iterations", iterations)] where value < 1 {
            throw ValidationError("--\(name) must be at least 1")
        }
    }

    func run() throws {
        for measurement in try RenderBenchmark.run(rows: rows, staff: staff, iterations: iterations) {
            print(
                "| \(measurement.name) | \(String(format: "%.0f", measurement.microseconds)) µs | \(measurement.bytes) bytes |"
            )
        }
    }
}
