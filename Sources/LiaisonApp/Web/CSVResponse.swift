import Hummingbird

extension Response {
    /// A CSV download: UTF-8, saved under `name`, never cached (exports hold people's data or service figures).
    static func csvAttachment(_ text: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
                .cacheControl: "no-store",
            ], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
