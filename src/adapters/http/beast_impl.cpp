// Separate compilation of Asio and Beast: their implementation is compiled here once.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
