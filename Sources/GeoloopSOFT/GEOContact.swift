/// The `contact_*` attributes of a record.
public struct GEOContact: Sendable, Hashable {
    /// The name with GEO's commas removed (`Jiachun,,Sun` is `Jiachun Sun`).
    public var name: String?
    public var email: String?
    public var phone: String?
    public var laboratory: String?
    public var department: String?
    public var institute: String?
    public var address: String?
    public var city: String?
    public var state: String?
    public var zipOrPostalCode: String?
    public var country: String?
    public var webLink: String?

    public init(_ attributes: SOFTAttributes) {
        name = attributes.nonEmpty("contact_name").map(GEOContact.personName)
        email = attributes.nonEmpty("contact_email")
        phone = attributes.nonEmpty("contact_phone")
        laboratory = attributes.nonEmpty("contact_laboratory")
        department = attributes.nonEmpty("contact_department")
        institute = attributes.nonEmpty("contact_institute")
        address = attributes.nonEmpty("contact_address")
        city = attributes.nonEmpty("contact_city")
        state = attributes.nonEmpty("contact_state")
        zipOrPostalCode = attributes.nonEmpty("contact_zip/postal_code")
        country = attributes.nonEmpty("contact_country")
        webLink = attributes.nonEmpty("contact_web_link")
    }

    /// `First,Middle,Last` as `First Middle Last`, empty parts dropped.
    public static func personName(_ text: String) -> String {
        text.split(separator: ",").map { String($0).trimmedASCII }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// Whether no field is set.
    public var isEmpty: Bool {
        [
            name, email, phone, laboratory, department, institute, address, city, state, zipOrPostalCode, country,
            webLink,
        ]
        .allSatisfy { $0 == nil }
    }
}
