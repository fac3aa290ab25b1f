/// Walks one subcommand's arguments: options (some taking a value), flags and operands.
///
/// `--` ends the options; a lone `-` is an operand (standard input). `--name=value` is accepted
/// for every option that takes a value.
struct ArgumentReader {
    /// One argument as the reader sees it.
    enum Argument: Equatable {
        case option(String)
        case operand(String)
    }

    /// The command as typed, for messages (`geoloop cache verify`).
    let commandName: String
    /// The name given to `geoloop help` for this command's help (`cache`).
    let helpName: String
    private let arguments: [String]
    private var index = 0
    private var onlyOperands = false
    private var pendingValue: String?

    init(_ arguments: [String], commandName: String, helpName: String) {
        self.arguments = arguments
        self.commandName = commandName
        self.helpName = helpName
    }

    /// The next argument, or nil at the end.
    mutating func next() -> Argument? {
        pendingValue = nil
        guard index < arguments.count else { return nil }
        let argument = arguments[index]
        index += 1
        if onlyOperands || argument == "-" || !argument.hasPrefix("-") { return .operand(argument) }
        if argument == "--" {
            onlyOperands = true
            return next()
        }
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
            pendingValue = String(argument[argument.index(after: equals)...])
            return .option(String(argument[..<equals]))
        }
        return .option(argument)
    }

    /// The value of `option`: the text after `=`, else the next argument.
    mutating func value(for option: String, example: String) throws -> String {
        if let value = pendingValue {
            pendingValue = nil
            return value
        }
        guard index < arguments.count else {
            throw UsageError(message: "'\(option)' needs a value.", hint: "For example: \(example)")
        }
        let value = arguments[index]
        index += 1
        return value
    }

    /// A whole number in `range` for `option`.
    mutating func integer(for option: String, in range: ClosedRange<Int>, example: String) throws -> Int {
        let text = try value(for: option, example: example)
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(
                message: "'\(text)' is not a valid value for '\(option)'.",
                hint: "Give a whole number from \(range.lowerBound) to \(range.upperBound), for example: \(example)")
        }
        return number
    }

    /// The error for an option this command does not know.
    func unknown(_ option: String) -> UsageError {
        UsageError(
            message: "unknown option '\(option)' for '\(commandName)'.",
            hint: "Run 'geoloop help \(helpName)' to see its options.")
    }

    /// The error for an operand this command does not take.
    func unexpected(_ operand: String) -> UsageError {
        UsageError(
            message: "unexpected argument '\(operand)' for '\(commandName)'.",
            hint: "Run 'geoloop help \(helpName)' to see its usage.")
    }
}
