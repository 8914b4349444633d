import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { detectLanguage } from '../../src/notes/lang.js'

describe('detectLanguage', () => {
  it('falls back to English when the text is too short to tell', () => {
    // Short titles with a borrowed word or two: not enough to call them Spanish, Portuguese or Italian.
    assert.equal(detectLanguage('Deno 2 La Croix de Vite Real-time UIs con Supabase Node compat JSR registry'), 'en')
    assert.equal(detectLanguage('Kafka la vida loca'), 'en')
    assert.equal(detectLanguage('Il Postino e la Bella Vita'), 'en')
    assert.equal(detectLanguage(''), 'en')
  })

  it('falls back to English when two languages are nearly tied', () => {
    const fr = 'le chat est dans la maison et il ne sort pas avec les autres'
    const en = 'the cat is in the house and it is not going out with the others'
    assert.equal(detectLanguage(`${fr} ${en}`), 'en')
  })

  it('finds the language of real prose', () => {
    assert.equal(
      detectLanguage("La conférence a commencé par une keynote sur les données. Le speaker est revenu sur les pipelines et sur la qualité des données, avec des exemples très concrets qui sont aussi dans ses slides."),
      'fr',
    )
    assert.equal(
      detectLanguage('Der Vortrag zeigte, wie das Team die Daten mit Kafka verarbeitet und warum die Latenz nicht mit der Zahl der Partitionen wächst. Auch die Kosten sind ein Thema für die Zuhörer.'),
      'de',
    )
    assert.equal(
      detectLanguage('La charla explicó cómo el equipo procesa los datos con Kafka y por qué la latencia no crece con el número de particiones, y es muy claro para los que no lo conocen.'),
      'es',
    )
    assert.equal(detectLanguage('東京で開催されたカンファレンスのメモです。'), 'ja')
  })
})
