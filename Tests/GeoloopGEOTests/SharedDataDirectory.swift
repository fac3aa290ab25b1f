import Foundation
import GeoloopTestSupport

enum SharedDataDirectory {
    static var url: URL { SharedData.geoDirectory }
}
