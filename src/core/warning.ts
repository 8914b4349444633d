/** A problem in the notes that does not stop the build: printed as file:line, kept in the manifest. */
export interface Warning {
  code: WarningCode
  message: string
  line?: number
}

export type WarningCode =
  | 'IMAGE_MISSING'
  | 'IMAGE_REMOTE'
  | 'IMAGE_UNREADABLE'
  | 'IMAGE_NO_ALT'
  | 'LINK_BROKEN'
  | 'MEDIA_MISSING'
  | 'MEDIA_REMOTE'
  | 'ICON_UNKNOWN'
  | 'FONT_MISSING'
  | 'ASCIIDOC'
  | 'OVERFLOW'
  | 'NETWORK_REQUEST'
  | 'PAGE_ERROR'
  | 'PDF_NAME'
  | 'PDF_UNFINISHED'
  | 'PPTX_NAME'
  | 'THEME'
  | 'RAW_HTML'
  | 'SCRIPT'
  | 'REMOTE_EMBED'
  | 'UNSUPPORTED'
  | 'FRONT_MATTER'
  | 'INCLUDE_REFUSED'
  | 'INCLUDE_MISSING'
  | 'ATTRIBUTE_MISSING'
  | 'CONTROL_CHARACTER'
  | 'DIAGRAM'
