#include "reports/xml_writer.h"

#include <fmt/format.h>

#include "reports/text.h"

namespace sandcheck::reports {
namespace {

const xmlChar* Xml(const std::string& text) { return BAD_CAST text.c_str(); }

}  // namespace

Result<XmlWriter> XmlWriter::Create() {
  std::unique_ptr<xmlBuffer, BufferDeleter> buffer(xmlBufferCreate());
  if (!buffer) return Fail("xmlBufferCreate: out of memory");
  std::unique_ptr<xmlTextWriter, WriterDeleter> writer(xmlNewTextWriterMemory(buffer.get(), 0));
  if (!writer) return Fail("xmlNewTextWriterMemory: out of memory");
  XmlWriter xml(std::move(buffer), std::move(writer));
  xml.Check(xmlTextWriterSetIndent(xml.writer_.get(), 1), "set indent", "");
  xml.Check(xmlTextWriterSetIndentString(xml.writer_.get(), BAD_CAST "  "), "set indent", "");
  xml.Check(xmlTextWriterStartDocument(xml.writer_.get(), nullptr, "UTF-8", nullptr),
            "start document", "");
  return xml;
}

void XmlWriter::StartElement(std::string_view name) {
  std::string safe = MarkupSafe(name);
  Check(xmlTextWriterStartElement(writer_.get(), Xml(safe)), "start element", name);
}

void XmlWriter::Attribute(std::string_view name, std::string_view value) {
  std::string safe_name = MarkupSafe(name);
  std::string safe_value = MarkupSafe(value);
  Check(xmlTextWriterWriteAttribute(writer_.get(), Xml(safe_name), Xml(safe_value)),
        "write attribute", name);
}

void XmlWriter::Text(std::string_view text) {
  std::string safe = MarkupSafe(text);
  Check(xmlTextWriterWriteString(writer_.get(), Xml(safe)), "write text", "");
}

void XmlWriter::EndElement() { Check(xmlTextWriterEndElement(writer_.get()), "end element", ""); }

Result<std::string> XmlWriter::Finish() && {
  Check(xmlTextWriterEndDocument(writer_.get()), "end document", "");
  writer_.reset();  // flushes into the buffer
  if (!first_error_.empty()) return Fail("{}", first_error_);
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_.get())),
                     xmlBufferLength(buffer_.get()));
}

void XmlWriter::Check(int rc, std::string_view operation, std::string_view name) {
  if (rc < 0 && first_error_.empty()) {
    first_error_ = fmt::format("libxml2 text writer: {} {} failed", operation, name);
  }
}

}  // namespace sandcheck::reports
